package org.wberr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wberr.core.ExitCode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The bad-input matrix: every command that reads a file the user names (check with its manifest and with a cfg
 * the manifest names, replay, gen-tests, scenario, kernel as far as reading its scenarios) times every kind of
 * malformed input. Each case runs {@code wberr} as its own process ({@link Main} on the test classpath, heap capped
 * at {@value #HEAP}, {@value #TIMEOUT_SECONDS} s at most; {@value #AT_ONCE} cases at a time) and must exit 2 with one message on stderr that names the
 * file and the place in it (a line, a byte offset, a field), echoes at most a few hundred characters of what it
 * read, and shows no stack trace. A case that hangs, runs out of memory (exit 3: "internal error") or prints a
 * Java exception fails.
 *
 * <p>A file that cannot be read is a symbolic link to itself (ELOOP): the tests may run as root, whom a mode of 000
 * does not stop.
 */
class BadInputMatrixTest {
    static final String HEAP = "128m";
    static final long TIMEOUT_SECONDS = 60;
    /** Longest stderr a case may print: a message quotes what it read, cut short. */
    static final int MAX_ERR = 2_000;
    static final int MEGABYTE = 1 << 20;

    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    static final Path SPECS = HOME.resolve("specs");

    /**
     * The cases whose message names the file but not yet the state: the replay driver's refusals (an unknown action,
     * a parameter beyond any int), which {@code Replayer} (org.wberr.conformance) passes on with the file and without
     * the index of the state. When it names {@code states[i]}, these fail: take them out.
     */
    static final Set<String> NO_PLACE_YET = Set.of("REPLAY x MEGABYTE_LINE", "REPLAY x NUMBER_BEYOND_RANGE",
            "REPLAY x UNKNOWN_NAME", "GEN_TESTS x MEGABYTE_LINE", "GEN_TESTS x NUMBER_BEYOND_RANGE",
            "GEN_TESTS x UNKNOWN_NAME");

    /** Processes run at once: the cases are independent, and a JVM's start is mostly waiting on one core. */
    static final int AT_ONCE = 2;

    @TempDir
    static Path root;

    /** Every case's run, started together before the first case is judged. */
    static final Map<String, Future<Run>> RUNS = new ConcurrentHashMap<>();
    static ExecutorService pool;

    @BeforeAll
    static void runEveryCase() {
        pool = Executors.newFixedThreadPool(AT_ONCE);
        cases().forEach(a -> {
            Role r = (Role) a.get()[0];
            Kind k = (Kind) a.get()[1];
            RUNS.put(r + " x " + k, pool.submit(() -> {
                Path dir = Files.createDirectories(root.resolve(r + "-" + k));
                Path input = makeInput(dir, r, k);
                return wberr(dir, args(r, input));
            }));
        });
        pool.shutdown();
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    /** A file wberr reads, as the command that reads it. */
    enum Role {
        CHECK_MANIFEST("manifest.json"),
        CHECK_CFG("models/bad.cfg"),
        REPLAY("bad.itf.json"),
        GEN_TESTS("bad.itf.json"),
        SCENARIO("bad.scn"),
        KERNEL("bad.scn");

        final String file;

        Role(String file) {
            this.file = file;
        }

        boolean json() {
            return this == CHECK_MANIFEST || this == REPLAY || this == GEN_TESTS;
        }
    }

    enum Kind {
        EMPTY, TRUNCATED, NOT_UTF8, DEEPLY_NESTED, MEGABYTE_LINE, NUMBER_BEYOND_RANGE, WRONG_SHAPE, MISSING_FIELD,
        UNKNOWN_NAME, DIRECTORY, UNREADABLE
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Role r : Role.values()) {
            for (Kind k : Kind.values()) {
                out.add(Arguments.of(r, k));
            }
        }
        return out.stream();
    }

    // The valid files the malformed ones are made from.

    static final String MANIFEST = """
            {
              "models": [
                {
                  "spec": "Errseq",
                  "module": "MCErrseqLaws",
                  "cfg": "models/errseq-v4.17-BasicLaws.cfg",
                  "variant": "v4.17",
                  "mode": "exhaustive",
                  "property": "BasicLawsInv",
                  "expected": "holds",
                  "distinctStates": 1919
                }
              ]
            }
            """;

    static final String CFG_MANIFEST = MANIFEST.replace("models/errseq-v4.17-BasicLaws.cfg", "models/bad.cfg");

    static final String CFG = """
            \\* errseq_t laws, errseq_sample of v4.17
            SPECIFICATION Spec
            CONSTANTS
                Atomic = TRUE
                Observers = {"A", "B"}
                Errnos = {5, 28}
                Variant = "v4.17"
                CounterBits = 2
                MaxSets = 3
            CONSTRAINT StateBound
            INVARIANT TypeInv
            INVARIANT BasicLawsInv
            """;

    static final String SCENARIO = """
            # the nrpages == 0 story
            variant v4.17
            open A
            write A 0
            writeback 0 EIO
            evict 0
            fsync A => EIO
            """;

    static String trace(String name) {
        try (InputStream in = BadInputMatrixTest.class.getResourceAsStream(
                "/org/wberr/fuzz/ItfReplayFuzzTestInputs/traceFile/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String base(Role r) {
        return switch (r) {
            case CHECK_MANIFEST -> MANIFEST;
            case CHECK_CFG -> CFG;
            case REPLAY -> trace("fsync-nrpages-zero-v4.17.itf.json");
            // gen-tests also needs the #meta fields a generated test's header names
            case GEN_TESTS -> trace("fsync-nrpages-zero-v4.17.itf.json").replace("\"model\": \"hand-written\",",
                    "\"model\": \"hand-written\", \"module\": \"MCFsync\", \"cfg\":"
                            + " \"models/fsync-v4.17-NoSilentFsync.cfg\", \"property\": \"NoSilentFsyncInv\",");
            case SCENARIO, KERNEL -> SCENARIO;
        };
    }

    /** Where a non-UTF-8 byte goes: inside the first string, comment or word after this. */
    static String utf8Mark(Role r) {
        return switch (r) {
            case CHECK_MANIFEST -> "\"expected\": \"hol";
            case CHECK_CFG -> "Observers = {\"A";
            case REPLAY, GEN_TESTS -> "\"model\": \"hand";
            case SCENARIO, KERNEL -> "# the nrpages";
        };
    }

    /** The malformed file's bytes (null: the kind is not a content, see {@link #makeInput}). */
    static byte[] content(Role r, Kind k) {
        String b = base(r);
        String s = switch (k) {
            case EMPTY -> "";
            case TRUNCATED -> switch (r) {
                case CHECK_CFG -> b.substring(0, b.indexOf("Errnos = {5,") + "Errnos = {5,".length());
                case SCENARIO, KERNEL -> b.substring(0, b.indexOf("=> ") + 3);
                default -> b.substring(0, b.length() * 3 / 5);
            };
            case NOT_UTF8 -> null;
            case DEEPLY_NESTED -> switch (r) {
                case CHECK_MANIFEST -> b.replace("1919", "[".repeat(100_000) + "]".repeat(100_000));
                case REPLAY, GEN_TESTS -> b.replaceFirst("\"wb_err\": 0", "\"wb_err\": " + "{\"#set\": [".repeat(50_000)
                        + "]}".repeat(50_000));
                case CHECK_CFG -> b.replace("{\"A\", \"B\"}", "{".repeat(100_000) + "}".repeat(100_000));
                case SCENARIO, KERNEL -> b.replace("write A 0", "write A " + "{".repeat(100_000)
                        + "}".repeat(100_000));
            };
            case MEGABYTE_LINE -> switch (r) {
                case CHECK_MANIFEST -> b.replace("\"v4.17\"", "\"" + "v".repeat(MEGABYTE) + "?\"");
                case REPLAY, GEN_TESTS -> b.replaceFirst("\"OpenFile\"", "\"" + "O".repeat(MEGABYTE) + "\"");
                case CHECK_CFG -> b.replace("CONSTRAINT StateBound", "X".repeat(MEGABYTE));
                case SCENARIO, KERNEL -> b.replace("evict 0", "x".repeat(MEGABYTE));
            };
            case NUMBER_BEYOND_RANGE -> switch (r) {
                case CHECK_MANIFEST -> b.replace("1919", "1" + "0".repeat(400));
                case REPLAY, GEN_TESTS -> b.replaceFirst("\"p\": 0", "\"p\": 1" + "0".repeat(400));
                case CHECK_CFG -> b.replace("CounterBits = 2", "CounterBits = 1" + "0".repeat(400));
                case SCENARIO, KERNEL -> b.replace("write A 0", "write A 1" + "0".repeat(400));
            };
            case WRONG_SHAPE -> switch (r) {
                case CHECK_MANIFEST -> "[" + b + "]";
                case REPLAY, GEN_TESTS -> b.replaceFirst("\"states\": \\[", "\"states\": {\"s\": [") + "}";
                // a JSON file where text is expected
                case CHECK_CFG, SCENARIO, KERNEL -> "{\"steps\": [\"open A\", \"fsync A\"]}\n";
            };
            case MISSING_FIELD -> switch (r) {
                case CHECK_MANIFEST -> b.replace("\"cfg\": \"models/errseq-v4.17-BasicLaws.cfg\",", "");
                case REPLAY, GEN_TESTS -> dropSecondWbErr(b);
                case CHECK_CFG -> b.replace("CounterBits = 2", "CounterBits =");
                case SCENARIO, KERNEL -> b.replace("write A 0", "write A");
            };
            case UNKNOWN_NAME -> switch (r) {
                case CHECK_MANIFEST -> b.replace("\"exhaustive\"", "\"fast\"");
                case REPLAY, GEN_TESTS -> b.replaceFirst("\"OpenFile\"", "\"Teleport\"");
                case CHECK_CFG -> b.replace("Variant = \"v4.17\"", "Variant = \"v9.99\"");
                case SCENARIO, KERNEL -> b.replace("evict 0", "teleport 0");
            };
            case DIRECTORY, UNREADABLE -> null;
        };
        if (k == Kind.NOT_UTF8) {
            byte[] text = b.getBytes(StandardCharsets.UTF_8);
            int at = notUtf8Offset(r);
            byte[] out = new byte[text.length + 1];
            System.arraycopy(text, 0, out, 0, at);
            out[at] = (byte) 0xFF;
            System.arraycopy(text, at, out, at + 1, text.length - at);
            return out;
        }
        if (s == null) {
            return null;
        }
        if (s.equals(b)) {
            throw new AssertionError(r + " x " + k + ": the case changed nothing");
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static int notUtf8Offset(Role r) {
        String b = base(r);
        int i = b.indexOf(utf8Mark(r));
        assertTrue(i >= 0 && b.substring(0, i).chars().allMatch(c -> c < 0x80), "an ASCII prefix");
        return i + utf8Mark(r).length();
    }

    /** The trace without the variable wb_err in its second state. */
    static String dropSecondWbErr(String b) {
        int first = b.indexOf("\"wb_err\": 0,");
        int second = b.indexOf("\"wb_err\": 0,", first + 1);
        return b.substring(0, second) + b.substring(second + "\"wb_err\": 0,".length());
    }

    /** Writes the case's input where the command will read it; returns the path as the message must name it. */
    static Path makeInput(Path dir, Role r, Kind k) throws IOException {
        Path target = dir.resolve(r.file);
        Files.createDirectories(target.getParent());
        switch (k) {
            case DIRECTORY -> Files.createDirectories(target);
            case UNREADABLE -> Files.createSymbolicLink(target, target.getFileName());
            default -> Files.write(target, content(r, k));
        }
        if (r == Role.CHECK_CFG) {
            // the manifest that names the cfg, and the modules beside it
            Files.writeString(dir.resolve("manifest.json"), CFG_MANIFEST);
            try (Stream<Path> s = Files.list(SPECS)) {
                for (Path tla : s.filter(p -> p.toString().endsWith(".tla")).toList()) {
                    Files.copy(tla, dir.resolve(tla.getFileName()));
                }
            }
        }
        return dir.relativize(target);
    }

    static List<String> args(Role r, Path input) {
        return switch (r) {
            case CHECK_MANIFEST -> List.of("check", "--no-export", "--jobs", "1", "--heap", HEAP, "--specs-dir",
                    SPECS.toString(), "--manifest", input.toString());
            case CHECK_CFG -> List.of("check", "--no-export", "--jobs", "1", "--heap", HEAP, "--timeout", "60",
                    "--specs-dir", ".", "--manifest", "manifest.json");
            case REPLAY -> List.of("replay", input.toString());
            case GEN_TESTS -> List.of("gen-tests", "--out", "generated", "--specs-dir", SPECS.toString(),
                    input.toString());
            case SCENARIO -> List.of("scenario", input.toString());
            case KERNEL -> List.of("kernel", input.toString());
        };
    }

    /** How the message must name the place in the file: a line, a byte offset, a field, or the file as a whole. */
    static Pattern place(Role r, Kind k) {
        return switch (k) {
            case NOT_UTF8 -> Pattern.compile("byte " + notUtf8Offset(r) + "\\b");
            case DIRECTORY -> r == Role.REPLAY || r == Role.GEN_TESTS
                    // these take directories of traces: this one holds none
                    ? Pattern.compile("no \\.itf\\.json files found") : Pattern.compile("is a directory");
            case UNREADABLE -> Pattern.compile("cannot (be )?read");
            case EMPTY -> Pattern.compile(r == Role.SCENARIO || r == Role.KERNEL ? "no steps" : "empty");
            default -> switch (r) {
                case CHECK_MANIFEST -> k == Kind.TRUNCATED || k == Kind.DEEPLY_NESTED
                        ? Pattern.compile("line \\d+, column \\d+") : k == Kind.WRONG_SHAPE
                        ? Pattern.compile("the top level") : Pattern.compile("models\\[0]");
                case REPLAY, GEN_TESTS -> k == Kind.WRONG_SHAPE ? Pattern.compile("\"states\"")
                        : Pattern.compile("line \\d+|states\\[\\d+]");
                case CHECK_CFG -> k == Kind.UNKNOWN_NAME ? Pattern.compile("Variant") : Pattern.compile("line \\d+|:\\d+:");
                case SCENARIO, KERNEL -> Pattern.compile(":\\d+:");
            };
        };
    }

    record Run(int exit, String out, String err) {
    }

    static Run wberr(Path dir, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-DWBERR_HOME=" + HOME, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(args);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            fail("still running after " + TIMEOUT_SECONDS + " s: " + String.join(" ", args));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("cases")
    void malformedInput_exits2_namingTheFileAndThePlace_withoutAStackTrace(Role r, Kind k) throws Exception {
        Run run = RUNS.get(r + " x " + k).get(2 * TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Path input = Path.of(r.file);
        String what = r + " x " + k + ": stderr was:\n" + cut(run.err()) + "\nstdout was:\n" + cut(run.out());
        assertEquals(ExitCode.BAD_INPUT, run.exit(), what);
        assertTrue(run.err().startsWith("wberr: "), what);
        assertTrue(run.err().contains(input.getFileName().toString()), "names the file: " + what);
        String first = run.err().lines().findFirst().orElse("");
        String name = input.getFileName().toString() + ": ";
        assertTrue(first.indexOf(name) == first.lastIndexOf(name), "names the file once: " + what);
        if (NO_PLACE_YET.contains(r + " x " + k)) {
            assertFalse(place(r, k).matcher(run.err()).find(), "names the place now: take it out of NO_PLACE_YET: "
                    + what);
        } else {
            assertTrue(place(r, k).matcher(run.err()).find(), "names the place (" + place(r, k) + "): " + what);
        }
        assertTrue(run.err().length() <= MAX_ERR, "echoes at most " + MAX_ERR + " characters: " + what);
        assertTrue(run.out().length() <= 10 * MAX_ERR, "prints little: " + what);
        for (String trace : List.of("\tat ", "Exception", "Error:", "internal error")) {
            assertFalse(run.err().contains(trace), "no stack trace or Java exception (" + trace + "): " + what);
        }
    }

    static String cut(String s) {
        return s.length() <= 3 * MAX_ERR ? s : s.substring(0, 3 * MAX_ERR) + "... (" + s.length() + " chars)";
    }
}
