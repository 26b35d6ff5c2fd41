package org.wberr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.wberr.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wberr replay} through {@link Main#newCommandLine}: hand-written traces that use every ITF value
 * encoding (#set, #map, #tup for the empty function, #bigint), a deliberately wrong one, and each kind of
 * bad input, with exit codes and messages.
 */
class ReplayCommandTest {
    private static final Path TRACES = Path.of("src/test/resources/itf");
    private static final Path GOOD = TRACES.resolve("fsync-nrpages-zero-v4.17.itf.json");
    private static final Path WRONG = TRACES.resolve("fsync-nrpages-zero-wrong.itf.json");

    @TempDir
    Path tmp;


    /** The good trace with {@code from} replaced by {@code to}, as a new file. */
    private String edited(String name, String from, String to) throws IOException {
        String text = Files.readString(GOOD);
        assertTrue(text.contains(from), "fixture lacks " + from);
        Path p = tmp.resolve(name);
        Files.writeString(p, text.replace(from, to));
        return p.toString();
    }

    @Test
    void handWrittenTrace_withSetMapTupAndBigint_conforms() {
        Cli.Result r = run("replay", GOOD.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("PASS " + GOOD + " (6 steps)\n1 of 1 traces conform (6 steps replayed)\n", r.out());
    }

    @Test
    void wrongTrace_failsAtTheDivergingStep_withFieldDiff() {
        Cli.Result r = run("replay", WRONG.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("FAIL " + WRONG + ": step 6, Fsync(fd=\"A\")\n"
                + "  wb_err\n    specification:  5\n    implementation: 4101\n"), r.out());
        assertTrue(r.out().contains("  ret\n    specification:  0\n    implementation: -5\n"), r.out());
        assertTrue(r.out().contains("rerun this trace alone: ./wberr replay " + WRONG), r.out());
        assertTrue(r.out().endsWith("0 of 1 traces conform (6 steps replayed); 1 do not\n"), r.out());
    }

    @Test
    void directory_replaysEveryTrace_inNameOrder() {
        Cli.Result r = run("replay", "--quiet", TRACES.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().endsWith("1 of 2 traces conform (12 steps replayed); 1 do not\n"), r.out());
    }

    @Test
    void malformedJson_namesFileLineAndColumn_exit2() throws IOException {
        String f = edited("broken.itf.json", "\"vars\": [", "\"vars\": [,");
        Cli.Result r = run("replay", f);
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("wberr: " + f + ": line 13, column 11: invalid JSON: Unexpected character"), r.err());
    }

    @Test
    void unknownAction_isNamed_exit2() throws IOException {
        String f = edited("unknown.itf.json", "\"mbt::actionTaken\": \"EvictPage\"", "\"mbt::actionTaken\": \"Evict\"");
        Cli.Result r = run("replay", f);
        assertEquals(2, r.exit());
        assertEquals("wberr: " + f + ": unknown action 'Evict' (the Fsync driver knows [Close, EvictInode, EvictPage, "
                + "Fsync, OpenFile, Stat, Write, WritebackEnd, WritebackStart])\n", r.err());
    }

    @Test
    void missingParameters_areNamed_exit2_andOnesTheActionDoesNotTake_ignoredWithANote() throws IOException {
        String picks = "\"EvictPage\",\n   \"mbt::nondetPicks\": {\n    \"p\": 0\n   }";
        String missing = edited("missing.itf.json", picks, "\"EvictPage\", \"mbt::nondetPicks\": {}");
        Cli.Result r = run("replay", missing);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(": action EvictPage needs parameter 'p', the trace gives none"), r.err());

        String extra = edited("extra.itf.json", picks,
                "\"EvictPage\", \"mbt::nondetPicks\": {\"p\": 0, \"q\": 1}");
        // As quint-connect does: a pick the action does not take is no error (Quint may pick every nondet value at
        // the top of its step); --verbose names it.
        r = run("replay", "--verbose", extra);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("  note: picks EvictPage does not take were ignored: [q]\n"), r.out());
    }

    @Test
    void missingVariable_notItf_unsupportedEncoding_exit2() throws IOException {
        Path noVar = tmp.resolve("novar.itf.json");
        Files.writeString(noVar, "{\"#meta\": {\"spec\": \"Fsync\", \"variant\": \"v4.17\"}, \"vars\": [\"page\", \"wb_err\"],"
                + " \"states\": [{\"page\": {\"#map\": [[0, \"absent\"]]}}]}");
        assertEquals("wberr: " + noVar + ": states[0]: missing variable 'wb_err' (listed in \"vars\")\n",
                run("replay", noVar.toString()).err());

        Path notItf = tmp.resolve("notitf.itf.json");
        Files.writeString(notItf, "{\"states\": []}");
        assertEquals("wberr: " + notItf + ": not an ITF trace: \"vars\" must be an array of variable names\n",
                run("replay", notItf.toString()).err());

        String real = edited("real.itf.json", "\"wb_err\": 5,", "\"wb_err\": {\"#real\": \"5.0\"},");
        Cli.Result r = run("replay", real);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(".wb_err: unsupported value encoding \"#real\""), r.err());
    }

    @Test
    void traceWithoutSpecOrVariant_needsTheOptions() throws IOException {
        String f = edited("nometa.itf.json", "\"spec\": \"Fsync\",", "");
        Cli.Result r = run("replay", f);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("#meta has no \"spec\""), r.err());
        assertEquals(0, run("replay", "--spec", "Fsync", f).exit());
    }

    @Test
    void noSuchFile_exit2() {
        Cli.Result r = run("replay", "no/such.itf.json");
        assertEquals(2, r.exit());
        assertEquals("wberr: no/such.itf.json: no such file or directory\n", r.err());
    }
}
