package org.wberr.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wberr.judge.Judge;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;
import org.wberr.subject.Subjects;
import org.wberr.subject.fsync.FsyncStep;
import org.wberr.subject.fsync.FsyncSubject;

/**
 * Patch review against stand-in kernels (the Java model of a variant, as ext4 shows it): a patch that turns v4.13
 * into the posting is classified v8-posting, and a mistake no variant names is classified as none, with the
 * changed steps listed. The shipped fsync scenarios are the review's scenarios.
 */
class PatchReviewTest {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final GuestMoves MOVES = FsyncSubject.SUBJECT.scenarios().orElseThrow().guest().orElseThrow();
    private static final List<Scenario> SHIPPED = new ArrayList<>();

    @BeforeAll
    static void shipped() throws IOException {
        try (Stream<Path> files = Files.list(HOME.resolve("specs/scenarios"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".scn")).sorted().toList()) {
                Scenario s = Subjects.scenarioParser().parse(f, HOME.relativize(f).toString());
                if (s.subject().equals(FsyncSubject.NAME)) {
                    SHIPPED.add(s);
                }
            }
        }
        assertTrue(SHIPPED.size() >= 14, SHIPPED.size() + " fsync scenarios");
    }

    private static PatchReview.Report review(String base, Judge baseKernel, Judge patched) {
        return new PatchReview(k -> k.equals("base") ? baseKernel : patched,
                (source, text) -> Subjects.scenarioParser().parse(source, text), x -> Subjects.scenarios(x).model(),
                MOVES, FsyncSubject.SUBJECT.variants(), line -> { }).review(base, "the.patch", "base", "patched",
                SHIPPED);
    }

    @Test
    void aKernelThatBehavesAsThePosting_isClassifiedV8Posting() {
        AtomicInteger boots = new AtomicInteger();
        PatchReview.Report r = review("v4.13", StandInKernel.actingAs("v4.13", true, boots),
                StandInKernel.actingAs("v8-posting", true, boots));
        assertEquals(List.of("v8-posting"), r.agreeing());
        assertEquals(2, boots.get(), "one boot per kernel");
        assertTrue(r.changed().stream().anyMatch(c -> c.scenario().endsWith("nrpages-zero.scn")
                && c.steps().stream().anyMatch(s -> s.step().equals("fsync A") && s.base().equals("EIO")
                && s.patched().equals("0"))), r.lines(20).toString());
        PatchReview.Fit v413 = r.fits().stream().filter(f -> f.variant().equals("v4.13")).findFirst().orElseThrow();
        assertTrue(v413.first().orElseThrow().contains("model EIO, kernel 0"), v413.first().get());
        List<String> lines = r.lines(10);
        assertEquals("verdict: the patched kernel behaves as v8-posting", lines.get(lines.size() - 1));
    }

    @Test
    void anFsyncThatNeverReports_agreesWithNoVariant_andItsChangesAreListed() {
        AtomicInteger boots = new AtomicInteger();
        PatchReview.Report r = review("v4.17", StandInKernel.actingAs("v4.17", true, boots),
                StandInKernel.altered("v4.17", true, boots, res -> res.step() instanceof FsyncStep.Fsync
                        ? new StepResult(res.step(), res.status(), OptionalInt.of(0), Optional.empty(), res.state())
                        : res));
        assertEquals(List.of(), r.agreeing());
        assertTrue(r.changed().size() >= 10, r.changed().size() + " scenarios changed");
        assertTrue(r.changed().stream().flatMap(c -> c.steps().stream())
                .allMatch(s -> s.step().startsWith("fsync") && s.patched().equals("0") && !s.base().equals("0")));
        List<String> lines = r.lines(3);
        assertEquals("verdict: no variant of the model agrees with the patched kernel", lines.get(lines.size() - 1));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  ... and ")), String.join("\n", lines));
    }

    @Test
    void theUnpatchedBase_isClassifiedAsTheBase() {
        AtomicInteger boots = new AtomicInteger();
        PatchReview.Report r = review("v4.17", StandInKernel.actingAs("v4.17", true, boots),
                StandInKernel.actingAs("v4.17", true, boots));
        assertEquals(List.of("v4.17"), r.agreeing());
        assertEquals(List.of(), r.changed());
    }
}
