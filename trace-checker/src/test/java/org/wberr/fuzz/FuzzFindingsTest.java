package org.wberr.fuzz;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.conformance.ReplayException;
import org.wberr.conformance.Replayer;
import org.wberr.core.Display;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.itf.ItfReader;
import org.wberr.itf.ItfTrace;
import org.wberr.manifest.ManifestReader;
import org.wberr.subject.Subjects;
import org.wberr.tlc.CfgFacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What fuzzing found, one plain test per finding (the inputs Jazzer saved also stay in each target's inputs
 * directory, replayed by the fuzz tests in regression mode): each input is now a named input error whose message
 * starts with the file and says where in it, where it was another exception (a crash, exit 3) or an error that did
 * not name the file.
 */
class FuzzFindingsTest {
    @TempDir
    Path dir;

    /** A seed trace of the ITF fuzz target with {@code from} replaced by {@code to}, written to a file. */
    private Path editedTrace(String seed, String from, String to) throws IOException, URISyntaxException {
        Path p = Path.of(getClass().getResource("ItfReplayFuzzTestInputs/traceFile/" + seed).toURI());
        String text = Files.readString(p);
        assertTrue(text.contains(from), seed + " contains " + from);
        Path f = dir.resolve(seed);
        Files.writeString(f, text.replaceFirst(Pattern.quote(from), to));
        return f;
    }

    private static ReplayException replayFails(Path f) {
        return assertThrows(ReplayException.class, () -> {
            ItfTrace t = ItfReader.read(f);
            Replayer.replay(t, Subjects.driverFor(t));
        });
    }

    @Test
    void replay_ofATraceWhoseSpecHasNoDriver_namesTheFile() throws Exception {
        Path f = editedTrace("fsync-nrpages-zero-v4.17.itf.json", "\"spec\": \"Fsync\"", "\"spec\": \"Nope\"");
        assertEquals(f + ": #meta.spec: no replay driver for spec 'Nope' (drivers exist for [Errseq, "
                + "Ext4MetaWriteback, Fsync])", replayFails(f).getMessage());
    }

    /** Found by the fuzzer: {@code {"'#map": ...}} is a record, so the first state's pages were strings. */
    @Test
    void replay_ofAnFsyncTraceWhosePagesAreNotNumbers_isANamedError() throws Exception {
        Path f = editedTrace("fsync-nrpages-zero-v4.17.itf.json", "\"#map\"", "\"'#map\"");
        assertEquals(f + ": states[0].page: the pages must be integers (page numbers), got \"'#map\"",
                replayFails(f).getMessage());
    }

    @Test
    void replay_ofAnFsyncTraceWhosePagesAreNotAFunction_isANamedError() throws Exception {
        Path f = editedTrace("fsync-nrpages-zero-v4.17.itf.json", "\"wb_err\": 0", "\"wb_err\": 0");
        Files.writeString(f, Files.readString(f).replaceFirst("\"page\": \\{[^}]*\\}", "\"page\": 7"));
        assertEquals(f + ": states[0].page: expected a function of the pages, got 7", replayFails(f).getMessage());
    }

    @Test
    void replay_ofAPageNumberBeyondAnInt_isANamedError() throws Exception {
        Path f = editedTrace("fsync-nrpages-zero-v4.17.itf.json", "[\n      0,\n      \"absent\"",
                "[\n      4294967296,\n      \"absent\"");
        assertEquals(f + ": states[0].page: the pages must be integers (page numbers), got 4294967296",
                replayFails(f).getMessage());
    }

    @Test
    void replay_ofAParameterBeyondAnInt_isANamedError() throws Exception {
        Path f = editedTrace("errseq-v4.17-BasicLaws-short.itf.json", "{\"errno\":28}",
                "{\"errno\":{\"#bigint\":\"99999999999999999999\"}}");
        assertEquals(f + ": action Set: parameter 'errno' is out of range: 99999999999999999999 (no spec value is"
                + " this large)", replayFails(f).getMessage());
    }

    @Test
    void replay_ofACounterWidthOutOfRange_isANamedError_forEachSubject() throws Exception {
        Path errseq = editedTrace("errseq-v4.17-BasicLaws-short.itf.json", "\"CounterBits\":2", "\"CounterBits\":0");
        assertEquals(errseq + ": #meta.constants.CounterBits: counter width 0 is not in 1..19",
                replayFails(errseq).getMessage());
        Path fsync = editedTrace("fsync-nrpages-zero-v4.17.itf.json", "\"CounterBits\": 2", "\"CounterBits\": 40");
        assertTrue(replayFails(fsync).getMessage().startsWith(fsync + ": #meta.constants.CounterBits: "),
                () -> replayFails(fsync).getMessage());
    }

    /**
     * Found by the fuzzer: the braces of a SET are glued into one word by a regex replacement, which read a '$' or
     * '\\' in them as a group reference (IndexOutOfBoundsException, IllegalArgumentException).
     */
    @Test
    void scenario_withADollarOrBackslashInsideBraces_isANamedErrorNotACrash() {
        WberrException e = assertThrows(WberrException.class, () -> Subjects.scenarioParser().parse("x.scn",
                "subject ext4\nexpect bitmap memory={$1 } disk={\\2}\n"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals("x.scn:2: unexpected token 'memory={$1}' after 'expect bitmap': expected memory=SET, a set of"
                + " update ids such as {} or {1,2}", e.getMessage());
    }

    /**
     * Found by reading the manifest reader while its fuzz target ran (88,000 runs had not produced it): a NUL in a
     * cfg path made {@code Path.resolve} throw InvalidPathException, an internal error (exit 3). The input is now
     * one of the target's seeds.
     */
    @Test
    void manifest_withANulCharacterInACfgPath_isBadInputNamingTheField() throws IOException {
        Path m = dir.resolve("manifest.json");
        Files.writeString(m, "{\"models\":[{\"spec\":\"Fsync\",\"module\":\"MCFsync\",\"cfg\":\"models/a\\u0000.cfg\","
                + "\"variant\":\"v4.17\",\"mode\":\"exhaustive\",\"property\":\"P\",\"expected\":\"holds\","
                + "\"distinctStates\":1}]}");
        WberrException e = assertThrows(WberrException.class,
                () -> ManifestReader.read(m, Path.of("../specs").toAbsolutePath().normalize()));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(Display.path(m) + ": models[0].cfg: \"models/a\\u0000.cfg\" is not a valid path: Nul character"
                + " not allowed", e.getMessage());
    }

    @Test
    void cfg_thatTlcCannotParse_isBadInputNamingTheCfgAndTlcsLine() throws IOException {
        Path cfg = dir.resolve("bad.cfg");
        Files.writeString(cfg, "CONSTANTS\n    N 3\nINVARIANT Inv\n");
        WberrException e = assertThrows(WberrException.class, () -> CfgFacts.read(dir.toString(), cfg.toString()));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith(Display.path(cfg) + ": not a model TLC can read: "), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    /**
     * Found by the fuzzer: TLC's cfg parser accepts {@code {1, {2, 3}}}, but TLC cannot order a number against a set,
     * and reading the value threw TLC's TLCRuntimeException (an internal error, exit 3).
     */
    @Test
    void cfg_withASetOfANumberAndASet_isBadInputNamingTheConstant() throws IOException {
        Path cfg = dir.resolve("mixed.cfg");
        Files.writeString(cfg, "CONSTANTS\n    S = {{2, 3}, 1}\nINVARIANT Inv\n");
        WberrException e = assertThrows(WberrException.class, () -> CfgFacts.read(dir.toString(), cfg.toString()));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(Display.path(cfg) + ": CONSTANT S: not a value TLC can use: Attempted to compare integer 1 with"
                + " non-integer: {2, 3}", e.getMessage());
    }
}
