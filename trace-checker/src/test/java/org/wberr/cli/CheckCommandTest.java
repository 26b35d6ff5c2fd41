package org.wberr.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.check.TlcRunner;
import org.wberr.core.Display;
import org.wberr.core.ExitCode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wberr check} end to end on the fixtures under src/test/resources/fixtures, through
 * {@link Main#newCommandLine} with captured writers: exit codes, the matrix, counterexamples, the JSON matrix,
 * and the messages of every kind of bad input. TLC runs in child JVMs exactly as from the launcher.
 */
class CheckCommandTest {
    static Path fixtures;
    static Path counter;
    static Run all;
    static JsonNode allJson;

    @TempDir
    static Path tmp;

    record Run(int exit, String out, String err) {
        /** The matrix row of {@code model}. */
        String row(String model) {
            return out.lines().filter(l -> l.matches("\\S+\\s+" + Pattern.quote(model) + "\\s.*")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + model + " in:\n" + out));
        }

        /** For assertion messages. */
        String both() {
            return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    /** {@code wberr check --verbose ARGS}: the matrix with a row per model, which most tests read. */
    static Run check(String... args) {
        List<String> a = new ArrayList<>(List.of("--verbose"));
        a.addAll(List.of(args));
        return checkPlain(a.toArray(new String[0]));
    }

    /** {@code wberr check ARGS}. */
    static Run checkPlain(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> a = new ArrayList<>(List.of("check"));
        a.addAll(List.of(args));
        int exit = Main.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(a.toArray(new String[0]));
        return new Run(exit, out.toString(), err.toString());
    }

    static Run checkManifest(String manifest, String... more) {
        List<String> a = new ArrayList<>(List.of("--specs-dir", counter.toString(), "--manifest",
                fixtures.resolve("manifests").resolve(manifest).toString()));
        a.addAll(List.of(more));
        return check(a.toArray(new String[0]));
    }

    @BeforeAll
    static void runTheFixtureManifest() throws Exception {
        fixtures = Path.of(CheckCommandTest.class.getResource("/fixtures").toURI());
        counter = fixtures.resolve("counter");
        Path json = tmp.resolve("out/matrix.json");
        all = check("--specs-dir", counter.toString(), "--json", json.toString(), "--jobs", "2", "--out",
                tmp.resolve("out").toString());
        allJson = new ObjectMapper().readTree(json.toFile());
    }

    @AfterEach
    void noChildOutlivesACheck() {
        assertEquals(0, ProcessHandle.current().descendants().count(), "a TLC JVM outlived its check");
    }

    @Test
    void check_allAsExpected_exitsZeroAndPrintsTheMatrix() {
        assertEquals(ExitCode.OK, all.exit(), all.both());
        assertEquals("", all.err(), all.both());
        assertTrue(all.out().startsWith("SPEC     MODEL"), all.both());
        assertTrue(all.row("counter-loose-Bounded").matches(
                "Counter\\s+counter-loose-Bounded\\s+loose\\s+BoundedInv\\s+holds\\s+holds\\s+100\\s+\\d+\\.\\d"
                        + "\\s+\\d+\\s+\\d+\\s+316/316 100%\\s+no-driver"),
                all.row("counter-loose-Bounded"));
        assertTrue(all.row("counter-strict-Small").matches(
                "Counter\\s+counter-strict-Small\\s+strict\\s+SmallInv\\s+violated\\s+violated\\s+14\\s+\\d+\\.\\d"
                        + "\\s+\\d+\\s+\\d+\\s+316/316 100%\\s+no-driver"),
                all.row("counter-strict-Small"));
        assertTrue(all.row("counter-strict-Small-sim").matches(
                "Counter\\s+counter-strict-Small-sim\\s+strict\\s+SmallInv\\s+violated\\s+violated\\s+-\\s+\\d+\\.\\d"
                        + "\\s+3\\s+203\\s+skipped\\s+no-driver"),
                all.row("counter-strict-Small-sim"));
        assertTrue(Pattern.compile("\n8 models: 8 as expected, 0 differ, 0 could not be checked; [0-9.]+ s of model"
                + " checking in [0-9.]+ s \\(1 slow model not checked: --slow\\)\n").matcher(all.out()).find(),
                all.both());
    }

    @Test
    void check_violation_printsTheCounterexampleAsSteps() {
        String expected = """
                Counterexample: Counter / counter-strict-Small (variant strict): invariant SmallInv violated
                  0. init
                       open = {}
                       count = (a :> 0 @@ b :> 0)
                       last = [fd |-> "none", n |-> 0]
                  1. Open(f=a)
                       open: {} -> {a}
                  2. Bump(f=a, k=1)
                       count[a]: 0 -> 1
                       last.fd: "none" -> a
                       last.n: 0 -> 1
                  3. Bump(f=a, k=2)
                       count[a]: 1 -> 3
                       last.n: 1 -> 3
                """;
        assertTrue(all.out().contains(expected), all.both());
    }

    @Test
    void check_initialStateViolation_andLasso_areShown() {
        assertTrue(all.out().contains("""
                Counterexample: Counter / counter-loose-SomeOpen-init (variant loose): invariant SomeOpenInv \
                violated in an initial state
                  0. init
                       open = {}
                """), all.both());
        assertTrue(all.out().contains("Counterexample: Counter / counter-loose-AllMax (variant loose): temporal"
                + " property AllMaxProp violated\n"), all.both());
        assertTrue(Pattern.compile("\n  \\d+\\. \\w+\\(f=\\w\\) leads back to state \\d+: the behaviour repeats from"
                + " there\n").matcher(all.out()).find(), all.both());
        assertTrue(all.out().contains("""
                Counterexample: Counter / counter-loose-SomeOpen-unfair (variant loose): temporal property \
                SomeOpenProp violated
                  0. init
                       open = {}
                       count = (a :> 0 @@ b :> 0)
                       last = [fd |-> "none", n |-> 0]
                  1. stutters forever in state 0 (no variable changes again)
                """), all.both());
    }

    @Test
    void check_json_hasASummaryModelsAndConfigurations_withBooleans() throws Exception {
        JsonNode summary = allJson.get("summary");
        assertEquals(8, summary.get("models").asInt(), summary.toString());
        assertEquals(8, summary.get("asExpected").asInt(), summary.toString());
        assertTrue(summary.get("allAsExpected").isBoolean() && summary.get("allAsExpected").asBoolean());
        assertTrue(summary.get("wallSeconds").isNumber());
        assertEquals(1, summary.get("slowModelsSkipped").asInt());
        assertTrue(allJson.get("configurations").size() > 0, allJson.toString());
        for (JsonNode c : allJson.get("configurations")) {
            assertTrue(c.has("name") && c.has("models") && c.has("conforms"), c.toString());
        }
        for (JsonNode row : allJson.get("models")) {
            assertTrue(row.get("asExpected").isBoolean() && row.get("asExpected").asBoolean(), row.toString());
            assertFalse(row.has("traceFiles"), "no per-model file lists: " + row);
        }
        JsonNode small = allJson.get("models").get(1);
        Path trace = tmp.resolve("out").resolve(small.get("counterexample").asText());
        JsonNode ce = new ObjectMapper().readTree(trace.toFile());
        assertEquals("Bump", ce.get("states").get(3).get("mbt::actionTaken").asText());
    }

    @Test
    void check_default_printsOneMatrixPerSpec_andWhereTheTracesAre() {
        Run r = checkPlain("--specs-dir", counter.toString(), "--out", tmp.resolve("compact").toString());
        assertEquals(ExitCode.OK, r.exit(), r.both());
        assertTrue(r.out().startsWith("Counter: 7 models, every verdict and state count as the manifest says\n"),
                r.both());
        assertTrue(Pattern.compile("\n +loose +strict\n").matcher(r.out()).find(), r.both());
        assertTrue(Pattern.compile("\n  Small +- +violated\n").matcher(r.out()).find(), r.both());
        assertTrue(r.out().contains("\nTraces: "), r.both());
        assertFalse(r.out().contains("Counterexample:"), "counterexamples only with --verbose: " + r.both());
        assertTrue(r.out().lines().count() < 30, r.both());
    }

    @Test
    void check_json_hasTheRequiredFieldsPerModel() {
        JsonNode models = allJson.get("models");
        assertEquals(8, models.size());
        for (JsonNode row : models) {
            Set<String> fields = new TreeSet<>();
            row.properties().forEach(e -> fields.add(e.getKey()));
            assertTrue(fields.containsAll(List.of("spec", "model", "variant", "property", "expected", "actual",
                    "distinctStates", "seconds")), fields.toString());
            assertTrue(row.get("seconds").isNumber());
            assertEquals(row.get("expected").asText(), row.get("actual").asText(), row.toString());
        }
        JsonNode small = models.get(1);
        assertEquals("counter-strict-Small", small.get("model").asText());
        assertEquals("violated", small.get("actual").asText());
        assertEquals(14, small.get("distinctStates").asLong());
        assertEquals("SmallInv", small.get("violation").get("name").asText());
        JsonNode sim = models.get(6);
        assertEquals("simulate", sim.get("mode").asText());
        assertTrue(sim.get("distinctStates").isNull());
    }

    @Test
    void check_resultsThatDiffer_exitOneAndSayHow() {
        Run r = checkManifest("differs.json");
        assertEquals(ExitCode.DIFFERS, r.exit(), r.both());
        assertTrue(r.row("counter-loose-Bounded").endsWith("DIFF: expected violated, got holds"), r.both());
        assertTrue(r.row("counter-strict-Small").endsWith("DIFF: distinct states 14, manifest says 15"), r.both());
        assertTrue(r.out().contains("2 models: 0 as expected, 2 differ, 0 could not be checked"), r.both());
        assertEquals("", r.err());
    }

    @Test
    void check_tlcStoppingOnAnotherInvariantOrDeadlock_isInconclusiveAndDiffers() {
        Run r = checkManifest("stopped-early.json");
        assertEquals(ExitCode.DIFFERS, r.exit(), r.both());
        assertTrue(r.row("counter-strict-OneOpen").contains("inconclusive"), r.both());
        assertTrue(r.row("counter-strict-OneOpen").contains(
                "DIFF: TLC stopped before judging SmallInv: invariant AtMostOneOpenInv violated"), r.both());
        assertTrue(r.out().contains("Counterexample: Counter / counter-strict-OneOpen (variant strict): invariant"
                + " AtMostOneOpenInv violated, before TLC could judge SmallInv\n  0. init\n"), r.both());
        assertTrue(r.row("stop-Small-deadlock").endsWith(
                "DIFF: TLC stopped before judging SmallInv: deadlock reached"), r.both());
        assertTrue(r.out().contains("""
                Counterexample: Stop / stop-Small-deadlock (variant none): deadlock reached, before TLC could \
                judge SmallInv
                  0. init
                       x = 0
                  1. Step
                       x: 0 -> 1
                  2. Step
                       x: 1 -> 2
                """), r.both());
    }

    @Test
    void check_specsThatDoNotParse_exitTwoWithSanysFileAndLine_noStackTrace() {
        Run r = check("--specs-dir", fixtures.resolve("broken").toString());
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.both());
        String broken = Display.path(fixtures.resolve("broken/Broken.tla"));
        String undefined = Display.path(fixtures.resolve("broken/Undefined.tla"));
        assertTrue(r.err().contains("wberr: " + broken + ": line 7, col 20: Was expecting \"==== or more Module"
                + " body\"; Encountered \"1\" at line 7, column 20 and token \"+\"\n"), r.both());
        assertTrue(r.err().contains("wberr: " + undefined + ": line 7, col 14: Unknown operator: `Foo'.\n"), r.both());
        assertNoStackTrace(r);
        assertTrue(r.row("broken").contains("error"), r.both());
    }

    @Test
    void check_entriesThatDoNotMatchTheirCfg_exitTwo() {
        Run r = checkManifest("cfg-mismatch.json");
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.both());
        String bounded = Display.path(counter.resolve("models/counter-loose-Bounded.cfg"));
        String small = Display.path(counter.resolve("models/counter-strict-Small.cfg"));
        assertTrue(r.err().contains("wberr: " + bounded + ": does not check NoSilentFsyncInv (INVARIANT: TypeInv,"
                + " BoundedInv; PROPERTY: none)\n"), r.both());
        assertTrue(r.err().contains("wberr: " + small + ": sets Variant = \"strict\", but the manifest says"
                + " \"loose\"\n"), r.both());
        assertNoStackTrace(r);
    }

    @Test
    void check_unknownSpec_listsTheValidOnes() {
        Run r = check("--specs-dir", counter.toString(), "--spec", "Fsync");
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.both());
        assertEquals("wberr: --spec: unknown spec \"Fsync\"; the manifest has: Counter, Stop\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void check_unknownVariant_listsTheValidOnes() {
        Run r = check("--specs-dir", counter.toString(), "--variant", "v4.17");
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.both());
        assertEquals("wberr: --variant: unknown variant \"v4.17\"; the manifest has: loose, none, strict\n", r.err());
    }

    @Test
    void check_filtersMatchingNothing_isBadUsage() {
        Run r = check("--specs-dir", counter.toString(), "--spec", "Stop", "--variant", "strict");
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.both());
        assertEquals("wberr: --spec Stop --variant strict: no model of the manifest matches both\n", r.err());
    }

    @Test
    void check_specFilter_checksOnlyThatSpec_andSlowModelsOnlyWithSlow() {
        Run r = check("--specs-dir", counter.toString(), "--spec", "Stop", "--slow");
        assertEquals(ExitCode.OK, r.exit(), r.both());
        assertTrue(r.out().contains("\n2 models: 2 as expected, 0 differ, 0 could not be checked;"), r.both());
        assertTrue(r.row("stop-Small-slow").contains("holds"), r.both());
        assertFalse(r.out().contains("Counter "), r.both());
    }

    @Test
    void check_manifestEntryWithMissingCfg_namesThePath() {
        Run r = checkManifest("missing-cfg.json");
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.both());
        assertEquals("wberr: " + Display.path(fixtures.resolve("manifests/missing-cfg.json")) + ": models[1].cfg: "
                + Display.path(counter.resolve("models/no-such-model.cfg")) + " does not exist\n", r.err());
    }

    @Test
    void check_manifestThatIsNotJson_namesLineAndColumn() {
        Run r = checkManifest("invalid-json.json");
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.both());
        assertTrue(r.err().startsWith("wberr: " + Display.path(fixtures.resolve("manifests/invalid-json.json"))
                + ": line 4, column 97: invalid JSON: Unexpected character ('}'"), r.both());
        assertEquals(1, r.err().lines().count(), r.both());
    }

    @Test
    void check_missingManifest_saysWhichFile() {
        Run r = check("--specs-dir", counter.toString(), "--manifest", tmp.resolve("nope.json").toString());
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.both());
        assertEquals("wberr: " + Display.path(tmp.resolve("nope.json")) + ": the manifest does not exist\n", r.err());
    }

    @Test
    void check_badJobs_isBadUsage() {
        Run r = check("--specs-dir", counter.toString(), "--jobs", "0");
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.both());
        assertEquals("wberr: --jobs: 0 is not a number of jobs (at least 1)\n", r.err());
    }

    @Test
    void check_childJvmThatCannotStart_exitsThreeWithItsStderr() throws Exception {
        Run r = check("--specs-dir", counter.toString(), "--spec", "Stop", "--heap", "1k");
        assertEquals(ExitCode.ENVIRONMENT, r.exit(), r.both());
        assertTrue(r.err().startsWith("wberr: " + Display.path(counter.resolve("models/stop-Small.cfg"))
                + ": the TLC JVM exited with status 1 and no result"), r.both());
        assertTrue(r.err().contains("Too small maximum heap"), r.both());
        deleteKeptLogs(r);
    }

    @Test
    void check_modelOverItsTimeout_isKilledAndExitsThree() throws Exception {
        Run r = checkManifest("timeout.json", "--timeout", "2");
        assertEquals(ExitCode.ENVIRONMENT, r.exit(), r.both());
        assertTrue(r.err().startsWith("wberr: " + Display.path(counter.resolve("models/counter-huge.cfg"))
                + ": TLC did not finish within 2 s (--timeout)"), r.both());
        deleteKeptLogs(r);
    }

    @Test
    void checkHelp_explainsOptionsAndExitCodes() {
        Run r = check("--help");
        assertEquals(ExitCode.OK, r.exit(), r.both());
        for (String s : List.of("--spec", "--variant", "--json", "--jobs", "--specs-dir", "--manifest", "--timeout",
                "Exit codes:", "  0   every verdict", "  1   a verdict", "  2   bad usage", "  3   the environment")) {
            assertTrue(r.out().contains(s), s + " missing in:\n" + r.out());
        }
    }

    private static void assertNoStackTrace(Run r) {
        for (String text : List.of(r.out(), r.err())) {
            assertFalse(text.contains("Exception"), r.both());
            assertFalse(text.contains("\tat "), r.both());
        }
    }

    /** Exit 3 keeps the TLC logs for whoever investigates; tests clean up after themselves. */
    private static void deleteKeptLogs(Run r) {
        Matcher m = Pattern.compile("wberr: the TLC logs are kept in (\\S+)").matcher(r.err());
        assertTrue(m.find(), r.both());
        Path kept = Path.of(m.group(1));
        assertTrue(Files.isDirectory(kept), kept.toString());
        TlcRunner.deleteTree(kept);
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(CheckCommandTest.class.getResource(name).toURI());
    }
}
