package org.wberr.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WBERR protocol lines (trace-checker/src/main/kernel/README.md) and a boot's output grouped. */
public class WberrLineTest {

    @Test
    void fields_plainAndQuoted_withEveryEscape() {
        WberrLine l = WberrLine.parse("WBERR kmsg scenario=001-a n=5 level=3 text=\"say \\\"hi\\\" a\\\\b \\x41\\x7e end\" x=1")
                .orElseThrow();
        assertEquals("kmsg", l.kind());
        assertEquals("001-a", l.get("scenario", ""));
        assertEquals("say \"hi\" a\\b A~ end", l.get("text", ""));
        assertEquals("1", l.get("x", ""));
    }

    @Test
    void notProtocol_isEmpty_andUnknownKeysAreKeptButHarmless() {
        assertTrue(WberrLine.parse("SeaBIOS (version 1.16)").isEmpty());
        assertTrue(WberrLine.parse("WBERR ").isEmpty());
        WberrLine l = WberrLine.parse("WBERR step scenario=s n=1 line=2 op=open fd=A status=done ret=0 errno=0"
                + " brand_new_key=whatever bare").orElseThrow();
        assertEquals("whatever", l.get("brand_new_key", ""));
        assertFalse(l.fields().containsKey("bare"));
        assertEquals("0", l.get("ret", ""));
    }

    @Test
    void aQuotedValueCutOffByTheEndOfTheLine_keepsWhatWasRead() {
        WberrLine l = WberrLine.parse("WBERR note text=\"half a mess").orElseThrow();
        assertEquals("half a mess", l.get("text", ""));
    }

    @Test
    void aRecordedBoot_groupsStepsAndKmsgsPerScenario() throws IOException {
        KernelOutput o = KernelOutput.parse(recorded());
        assertTrue(o.complete());
        assertEquals("6.1.0-50-amd64 (#1 SMP PREEMPT_DYNAMIC Debian 6.1.176-1 (2026-07-02))", o.kernel());
        assertEquals(6, o.scenarios().size());
        KernelOutput.ScenarioOutput a = o.scenario(1).orElseThrow();
        assertEquals("001-a-generic441-three-fds", a.name());
        assertEquals(14, a.steps().size());
        assertEquals("-5", a.stepAtLine(9).orElseThrow().get("ret", ""));
        assertEquals(2, a.kmsgs(5).size());
        assertEquals("complete", a.end().orElseThrow().get("status", ""));
    }

    @Test
    void aTruncatedBoot_isIncomplete_andSaysWhereItStopped() throws IOException {
        List<String> all = recorded();
        int cut = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).contains("n=3 line=7 op=writeback")) {
                cut = i + 1;
                break;
            }
        }
        List<String> lines = new java.util.ArrayList<>(all.subList(0, cut));
        lines.add("WBERR step scenario=003-c-nrpages-zero n=4 line=8 op=ev"); // the line QEMU was killed in
        lines.add("WBERR host status=timeout qemu_exit=killed wall_ms=70000");
        KernelOutput o = KernelOutput.parse(lines);
        assertFalse(o.complete());
        assertEquals("in scenario 003-c-nrpages-zero, after step 4", o.lastSeen());
    }

    public static List<String> recorded() throws IOException {
        try (InputStream in = WberrLineTest.class.getResourceAsStream("/kernel/six-fsync-scenarios.wberr")) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }
}
