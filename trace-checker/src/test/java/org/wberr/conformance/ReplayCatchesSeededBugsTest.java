package org.wberr.conformance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.check.TestExports;
import org.wberr.itf.ItfReader;
import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;
import org.wberr.model.errseq.Errseq;
import org.wberr.model.vfs.Variant;
import org.wberr.model.vfs.Vfs;
import org.wberr.subject.fsync.FsyncDriver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proof that replay catches real bugs: two historical mistakes put back into model-java, in test-only subclasses
 * of {@link FsyncDriver}, must make the correct variant's traces fail, at the step where the behaviour diverges
 * and with the diff the kernel's history predicts.
 *
 * <p>The traces are the coverage sets (every reachable transition), random walks and counterexamples that TLC
 * exports for the manifest models {@code fsync-v4.13-NoSilentFsync} and {@code fsync-v4.17-NoSilentFsync}
 * (about 26,000 traces). As a control, the unmodified driver replays all of them without a mismatch, so each
 * failure below is caused by the seeded bug alone.
 */
class ReplayCatchesSeededBugsTest {
    private static final int EIO = 5;
    private static final int ENOSPC = 28;

    @TempDir
    static Path out;
    private static List<ItfTrace> v413;
    private static List<ItfTrace> v417;

    @BeforeAll
    static void export() throws IOException {
        Set<String> models = Set.of("fsync-v4.13-NoSilentFsync", "fsync-v4.17-NoSilentFsync");
        TestExports.Run run = TestExports.export(TestExports.manifest(), m -> models.contains(m.model()),
                1_000_000, out);
        List<ItfTrace> all = run.files().stream().map(ItfReader::read).toList();
        v413 = all.stream().filter(t -> "v4.13".equals(t.metaText("variant"))).toList();
        v417 = all.stream().filter(t -> "v4.17".equals(t.metaText("variant"))).toList();
        assertTrue(v413.size() > 1000 && v417.size() > 1000,
                "expected the coverage sets, got " + v413.size() + " + " + v417.size() + " traces");
    }

    @Test
    void theCorrectImplementationConformsToEveryTrace() {
        assertEquals(List.of(), mismatches(v413, FsyncDriver::new));
        assertEquals(List.of(), mismatches(v417, FsyncDriver::new));
    }

    /**
     * (a) The first posting of the errseq series (v8) checked for errors only when the mapping had pages:
     * {@code if (mapping->nrpages) ...}. Put into v4.13, an fsync on an inode whose pages were all evicted returns
     * 0 over an unreported error. Replay must stop at an fsync on an empty mapping: the spec returns the error, the
     * implementation 0, and the fd's cursor and the mapping's SEEN bit stay behind; or, when the error was reported
     * before, only v4.13's clearing of the legacy AS_EIO/AS_ENOSPC flags (in file_check_and_advance_wb_err) is
     * skipped.
     */
    @Test
    void theV8NrpagesCheckInV413IsCaughtAtTheFsyncOnAnEmptyMapping() {
        List<Mismatch> found = mismatches(v413, NrpagesCheckDriver::new);
        assertFalse(found.isEmpty(), "no v4.13 trace caught the nrpages check");
        int silent = 0;
        for (Mismatch m : found) {
            ItfTrace t = ItfReader.read(m.file());
            assertEquals("Fsync", m.action(), m.render());
            ItfValue before = t.states().get(m.step() - 1).get("page");
            assertTrue(before.asFunction().values().stream().allMatch(v -> v.equals(new ItfValue.Str("absent"))),
                    "the mapping had pages before the fsync: " + before + "\n" + m.render());
            Map<String, Mismatch.FieldDiff> diffs = byField(m);
            assertTrue(Set.of("ret", "wb_err", "f_wb_err", "as_flags").containsAll(diffs.keySet()), m.render());
            Mismatch.FieldDiff ret = diffs.get("ret");
            if (ret != null) {
                assertTrue(Set.of(-EIO, -ENOSPC).contains(intOf(ret.specification())), m.render());
                assertEquals(0, intOf(ret.implementation()), m.render());
                silent++;
            }
        }
        // Some traces only see the skipped clearing of AS_EIO/AS_ENOSPC (the error was reported before); others
        // see the bug itself: an fsync that returns 0 over an unreported error.
        assertTrue(silent > 0, "no trace caught a silent fsync; " + found.size() + " caught the legacy flags only");
    }

    /**
     * (b) v4.13's errseq_sample marked an unseen error SEEN when a file was opened, so the opener never reported
     * it (fsyncgate). Put into v4.17 (the v4.13 sample semantics), replay must stop at the open after an unseen
     * error: the spec's new cursor is 0 (v4.17: report it once), the implementation's is the current value with
     * SEEN set, and the mapping's wb_err gains SEEN.
     */
    @Test
    void theV413SampleInV417IsCaughtAtTheOpenAfterAnUnseenError() {
        List<Mismatch> found = mismatches(v417, SampleMarksSeenDriver::new);
        assertFalse(found.isEmpty(), "no v4.17 trace caught the v4.13 sample");
        for (Mismatch m : found) {
            assertEquals("OpenFile", m.action(), m.render());
            ItfValue fd = m.picks().get("fd");
            Map<String, Mismatch.FieldDiff> diffs = byField(m);
            assertTrue(Set.of("wb_err", "f_wb_err").containsAll(diffs.keySet()), m.render());
            Mismatch.FieldDiff cursors = diffs.get("f_wb_err");
            int spec = intOf(cursors.specification().asFunction().get(fd));
            int impl = intOf(cursors.implementation().asFunction().get(fd));
            assertEquals(0, spec, "v4.17 samples an unseen error as 0\n" + m.render());
            assertNotEquals(0, impl & Errseq.ERRSEQ_SEEN, "v4.13 samples it as SEEN\n" + m.render());
        }
    }

    /** The first mismatch of every trace that does not conform. */
    private static List<Mismatch> mismatches(List<ItfTrace> traces, Supplier<FsyncDriver> driver) {
        List<Mismatch> found = new ArrayList<>();
        for (ItfTrace t : traces) {
            Replayer.Result r = Replayer.replay(t, driver.get());
            if (!r.conforms()) {
                found.add(r.mismatch());
            }
        }
        return found;
    }

    private static Map<String, Mismatch.FieldDiff> byField(Mismatch m) {
        return m.diffs().stream().collect(Collectors.toMap(Mismatch.FieldDiff::field, d -> d));
    }

    private static int intOf(ItfValue v) {
        return ((ItfValue.Int) v).value().intValueExact();
    }

    /** v4.13 with the v8 posting's fsync: no check at all when {@code mapping->nrpages == 0}. */
    static final class NrpagesCheckDriver extends FsyncDriver {
        NrpagesCheckDriver() {
            on("Fsync", List.of("fd"), p -> returned(vfs().snapshot().nrpages() == 0 ? 0 : vfs().fsync(p.str("fd"))));
        }
    }

    /** v4.17 traces on the v4.13 implementation: errseq_sample marks SEEN. */
    static final class SampleMarksSeenDriver extends FsyncDriver {
        @Override
        protected Vfs newVfs(Variant variant, int counterBits) {
            return super.newVfs(variant == Variant.V4_17 ? Variant.V4_13 : variant, counterBits);
        }
    }
}
