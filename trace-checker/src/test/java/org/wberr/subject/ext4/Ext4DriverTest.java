package org.wberr.subject.ext4;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.wberr.conformance.Mismatch;
import org.wberr.conformance.ReplayException;
import org.wberr.conformance.Replayer;
import org.wberr.itf.ItfReader;
import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * {@link Ext4Driver} replays hand-written Ext4MetaWriteback.tla traces (test resources replay/ext4/, each
 * saying in its #meta what it shows): the conforming ones conform step by step, the deliberately wrong one is
 * reported at the step and field where it parts from the implementation, and a trace the driver cannot
 * replay is a named error.
 */
class Ext4DriverTest {

    static Path dir() throws URISyntaxException {
        return Path.of(Ext4DriverTest.class.getResource("/replay/ext4").toURI());
    }

    static ItfTrace trace(String name) throws URISyntaxException {
        return ItfReader.read(dir().resolve(name));
    }

    /** A trace from the text of a resource with {@code edit} applied (for the error cases). */
    static ItfTrace edited(String name, String from, String to) throws Exception {
        Path p = dir().resolve(name);
        String text = Files.readString(p);
        assertTrue(text.contains(from), name + " contains " + from);
        return ItfReader.parse(p, text.replaceFirst(java.util.regex.Pattern.quote(from), to));
    }

    @TestFactory
    Stream<DynamicTest> conformingTraces_replayWithoutAMismatch() throws Exception {
        List<String> names = List.of("lost-update-no-check.itf.json", "v2-window-remount-ro.itf.json",
                "v59-gap-remount-ro.itf.json", "v59-atomic-continue.itf.json");
        return names.stream().map(n -> dynamicTest(n, () -> {
            ItfTrace t = trace(n);
            Replayer.Result r = Replayer.replay(t, new Ext4Driver());
            assertNull(r.mismatch(), () -> r.mismatch().render());
            assertEquals(t.states().size() - 1, r.steps());
        }));
    }

    @Test
    void driver_handlesEveryActionOfTheSpec_withTheSpecsParameterNames() {
        Ext4Driver d = new Ext4Driver();
        assertEquals("Ext4MetaWriteback", d.spec());
        assertEquals(Set.of("ReadBitmap", "Modify", "ModifyRefused", "CheckBdevWriteError", "Commit",
                "WritebackStart", "WritebackEnd", "ErrorErr"), d.actions());
        assertEquals(List.of("b_data", "disk", "bh", "bd_wb_err", "s_bdev_wb_err", "error_pending", "fs", "ret"),
                d.comparedVars());
    }

    @Test
    void wrongTrace_isAMismatchNamingTheStepTheActionAndTheField() throws Exception {
        ItfTrace t = trace("v2-window-wrong-reread.itf.json");
        Replayer.Result r = Replayer.replay(t, new Ext4Driver());
        Mismatch m = r.mismatch();
        assertNotNull(m, "the wrong trace must not conform");
        assertEquals(5, m.step());
        assertEquals("ReadBitmap", m.action());
        assertEquals(Map.of("b", new ItfValue.Str("bitmap")), m.picks());
        assertNull(m.refusal());
        assertEquals(1, m.diffs().size(), m.render());
        Mismatch.FieldDiff d = m.diffs().get(0);
        assertEquals("b_data", d.field());
        // This trace writes functions of the blocks as JSON objects, and the driver projects them alike.
        assertEquals("[bitmap |-> {1}]", d.specification().toString());
        assertEquals("[bitmap |-> {}]", d.implementation().toString());
        String text = m.render();
        assertTrue(text.contains("v2-window-wrong-reread.itf.json: step 5, ReadBitmap(b=\"bitmap\")\n"), text);
        assertTrue(text.contains("  b_data\n    specification:  [bitmap |-> {1}]\n"
                + "    implementation: [bitmap |-> {}]\n"), text);
    }

    @Test
    void historyVariables_areNotCompared() throws Exception {
        // made, committed, failed, unflagged, unflaggedModify exist only to state properties.
        ItfTrace t = edited("lost-update-no-check.itf.json", "\"failed\": 1,", "\"failed\": 99,");
        assertTrue(Replayer.replay(t, new Ext4Driver()).conforms());
    }

    @Test
    void aStepTheImplementationRefuses_isAMismatchWithTheReason() throws Exception {
        // State 5 says Modify instead of ReadBitmap: the buffer is not uptodate after the failed write, so
        // the implementation refuses, and its state (unchanged) differs from the trace's.
        ItfTrace t = edited("lost-update-no-check.itf.json", "\"mbt::actionTaken\": \"ReadBitmap\"",
                "\"mbt::actionTaken\": \"Modify\"");
        Mismatch m = Replayer.replay(t, new Ext4Driver()).mismatch();
        assertNotNull(m);
        assertEquals(5, m.step());
        assertEquals("Modify", m.action());
        assertEquals("cannot modify bitmap: its buffer is not uptodate (a write of it failed); the caller must read"
                + " it first (read-bitmap bitmap)", m.refusal());
        assertEquals(List.of("b_data", "bh"), m.diffs().stream().map(Mismatch.FieldDiff::field).toList());
        assertTrue(m.render().contains("  the implementation refused the step: cannot modify bitmap"), m.render());
    }

    @Test
    void retIsCompared_modifyRefusedReturnsErofs() throws Exception {
        ItfTrace t = edited("v2-window-remount-ro.itf.json", "\"ret\": -30", "\"ret\": 0");
        Mismatch m = Replayer.replay(t, new Ext4Driver()).mismatch();
        assertEquals(11, m.step());
        assertEquals("ModifyRefused", m.action());
        assertEquals("ret", m.diffs().get(0).field());
        assertEquals("-30", m.diffs().get(0).implementation().toString());
    }

    @Test
    void unknownAction_isANamedError() throws Exception {
        ItfTrace t = edited("lost-update-no-check.itf.json", "\"Commit\"", "\"Comit\"");
        ReplayException e = assertThrows(ReplayException.class, () -> Replayer.replay(t, new Ext4Driver()));
        assertTrue(e.getMessage().endsWith("unknown action 'Comit' (the Ext4MetaWriteback driver knows"
                + " [CheckBdevWriteError, Commit, ErrorErr, Modify, ModifyRefused, ReadBitmap, WritebackEnd,"
                + " WritebackStart])"), e.getMessage());
    }

    @Test
    void missingParameter_isANamedError() throws Exception {
        ItfTrace t = edited("lost-update-no-check.itf.json", "{\"b\": \"bitmap\", \"outcome\": \"EIO\"}",
                "{\"b\": \"bitmap\"}");
        ReplayException e = assertThrows(ReplayException.class, () -> Replayer.replay(t, new Ext4Driver()));
        assertTrue(e.getMessage().endsWith("action WritebackEnd needs parameter 'outcome', the trace gives [b]"),
                e.getMessage());
    }

    @Test
    void badOutcome_isANamedError() throws Exception {
        ItfTrace t = edited("lost-update-no-check.itf.json", "\"outcome\": \"EIO\"", "\"outcome\": \"ENOSPC\"");
        ReplayException e = assertThrows(ReplayException.class, () -> Replayer.replay(t, new Ext4Driver()));
        assertTrue(e.getMessage().endsWith("WritebackEnd: outcome 'ENOSPC' is not ok or EIO"), e.getMessage());
    }

    @Test
    void missingOrUnknownConstants_areNamedErrors() throws Exception {
        ItfTrace noMode = edited("lost-update-no-check.itf.json", "\"ErrorsMode\": \"continue\", ", "");
        ReplayException e = assertThrows(ReplayException.class, () -> Replayer.replay(noMode, new Ext4Driver()));
        assertTrue(e.getMessage().endsWith("#meta.constants has no \"ErrorsMode\": the errors= mode decides what"
                + " ext4_error_err does (one of continue, remount-ro, panic)"), e.getMessage());
        ItfTrace badMode = edited("lost-update-no-check.itf.json", "\"ErrorsMode\": \"continue\"",
                "\"ErrorsMode\": \"ro\"");
        e = assertThrows(ReplayException.class, () -> Replayer.replay(badMode, new Ext4Driver()));
        assertTrue(e.getMessage().endsWith("#meta.constants.ErrorsMode: unknown errors= mode 'ro': expected one of"
                + " continue, remount-ro, panic"), e.getMessage());
        ItfTrace badVariant = edited("lost-update-no-check.itf.json", "\"variant\": \"no-check\"",
                "\"variant\": \"v4.17\"");
        e = assertThrows(ReplayException.class, () -> Replayer.replay(badVariant, new Ext4Driver()));
        assertTrue(e.getMessage().endsWith("#meta.variant: unknown ext4 variant 'v4.17': expected one of no-check,"
                + " v2-workqueue, v5.9-errseq, v5.10-keep-uptodate"), e.getMessage());
        ItfTrace badGap = edited("lost-update-no-check.itf.json", "\"CheckGap\": true", "\"CheckGap\": \"yes\"");
        e = assertThrows(ReplayException.class, () -> Replayer.replay(badGap, new Ext4Driver()));
        assertTrue(e.getMessage().endsWith("#meta.constants.CheckGap must be true or false, got \"yes\""),
                e.getMessage());
    }

    @Test
    void checkGapDefaultsToTheKernels_andCounterBitsToNineteen() throws Exception {
        ItfTrace t = edited("v59-gap-remount-ro.itf.json", "\"CounterBits\": 2, \"CheckGap\": true, ", "");
        assertTrue(Replayer.replay(t, new Ext4Driver()).conforms(), "no wrap is reached, and the gap is the default");
        ItfTrace atomicAsGap = edited("v59-atomic-continue.itf.json", "\"CheckGap\": false", "\"CheckGap\": true");
        Mismatch m = Replayer.replay(atomicAsGap, new Ext4Driver()).mismatch();
        assertEquals(6, m.step(), "with the gap, the check leaves ext4_error_err due instead of making it");
        assertEquals(List.of("error_pending", "fs"), m.diffs().stream().map(Mismatch.FieldDiff::field).toList());
    }

    @Test
    void everyHandWrittenTrace_saysWhatItShows() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(dir())) {
            files.forEach(f -> {
                ItfTrace t = ItfReader.read(f);
                assertEquals("Ext4MetaWriteback", t.metaText("spec"), f.toString());
                assertFalse(t.metaText("description").isBlank(), f.toString());
            });
        }
    }
}
