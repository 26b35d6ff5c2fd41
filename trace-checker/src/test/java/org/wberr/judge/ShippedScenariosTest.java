package org.wberr.judge;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wberr.cli.Main;
import org.wberr.core.ExitCode;
import org.wberr.scenario.Scenario;
import org.wberr.subject.Subjects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every scenario shipped under specs/scenarios passes under the variant it states, and each contrast
 * file really is a contrast: run under the other file's variant, it differs.
 */
class ShippedScenariosTest {

    static Path scenarios() {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("specs/scenarios"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("specs/scenarios not found above " + Paths.get("").toAbsolutePath());
        }
        return p.resolve("specs/scenarios");
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(scenarios())) {
            return s.filter(f -> f.toString().endsWith(".scn")).sorted().collect(Collectors.toList());
        }
    }

    private static int run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        if (exit == ExitCode.BAD_INPUT || exit == ExitCode.ENVIRONMENT) {
            throw new AssertionError("exit " + exit + ": " + err + out);
        }
        return exit;
    }

    @TestFactory
    Stream<DynamicTest> everyShippedScenario_passesUnderItsStatedVariant() throws IOException {
        return files().stream().map(f -> dynamicTest(f.getFileName().toString(), () -> {
            String text = Files.readString(f);
            assertTrue(text.startsWith("# "), f + " starts with a comment saying what it shows");
            Scenario s = Subjects.scenarioParser().parse(f, f.toString());
            assertTrue(s.variant().isPresent(), f + " states its variant");
            assertTrue(s.steps().stream().anyMatch(st -> st.expected().isPresent()
                    || st.expectedObservation().isPresent()), f + " states results");
            assertEquals(ExitCode.OK, run("scenario", f.toString()));
        }));
    }

    @Test
    void allShippedScenarios_inOneRun_exit0() throws IOException {
        List<Path> files = files();
        assertTrue(files.size() >= 14, "expected the shipped scenarios, found " + files);
        assertEquals(ExitCode.OK, run(Stream.concat(Stream.of("scenario"), files.stream().map(Path::toString))
                .toArray(String[]::new)));
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({
            "generic-441.scn, generic-441-legacy-flags.scn",
            "generic-487.scn, generic-487-v4.13.scn",
            "nrpages-zero.scn, nrpages-zero-v8-posting.scn",
            "late-opener.scn, late-opener-v4.13.scn",
            "two-errors.scn, two-errors-legacy-flags.scn",
            "stat-eats-error.scn, stat-eats-error-v4.17.scn",
            "ext4-lost-update.scn, ext4-lost-update-v5.10.scn",
            "ext4-lost-update-v2-continue.scn, ext4-lost-update-v5.9-continue.scn",
    })
    void contrastPairs_differUnderEachOthersVariant(String first, String second) throws IOException {
        Path a = scenarios().resolve(first);
        Path b = scenarios().resolve(second);
        String va = Subjects.scenarioParser().parse(a, first).variant().orElseThrow();
        String vb = Subjects.scenarioParser().parse(b, second).variant().orElseThrow();
        assertEquals(ExitCode.DIFFERS, run("scenario", a.toString(), "--variant", vb));
        assertEquals(ExitCode.DIFFERS, run("scenario", b.toString(), "--variant", va));
    }

    @ParameterizedTest
    @CsvSource({"legacy-flags", "v8-posting", "v4.13", "v4.17"})
    void inodeEviction_losesTheErrorInEveryVariant(String variant) throws IOException {
        assertEquals(ExitCode.OK, run("scenario", scenarios().resolve("inode-eviction.scn").toString(),
                "--variant", variant));
    }

    /** The v2 and v5.9 stories differ between errors= modes, as their comments say. */
    @ParameterizedTest(name = "{0} with errors={1}")
    @CsvSource({
            "ext4-lost-update-v2-continue.scn, remount-ro",
            "ext4-lost-update-v2-remount-ro.scn, continue",
            "ext4-lost-update-v2-remount-ro.scn, panic",
            "ext4-lost-update-v5.9-continue.scn, remount-ro",
            "ext4-lost-update-v5.9-remount-ro.scn, continue",
    })
    void ext4Stories_differUnderAnotherErrorsMode(String file, String errors) throws IOException {
        String text = Files.readString(scenarios().resolve(file));
        assertTrue(text.contains("\nerrors "), file + " states its errors= mode");
        Path copy = Files.createTempFile("wberr-errors-", ".scn");
        try {
            Files.writeString(copy, text.replaceFirst("\nerrors [a-z-]+", "\nerrors " + errors));
            assertEquals(ExitCode.DIFFERS, run("scenario", copy.toString()));
        } finally {
            Files.delete(copy);
        }
    }

    @Test
    void inodeKept_isTheContrastOfInodeEviction() throws IOException {
        assertEquals(ExitCode.DIFFERS, run("scenario", scenarios().resolve("inode-kept.scn").toString(),
                "--variant", "v4.13"));
    }
}
