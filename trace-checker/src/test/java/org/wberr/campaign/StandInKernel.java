package org.wberr.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.wberr.judge.Judge;
import org.wberr.judge.ModelJudge;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;
import org.wberr.subject.Subjects;
import org.wberr.subject.fsync.FsyncSubject;

/** Stand-ins for a kernel in tests: the Java model of a variant, as ext4 would show it, possibly altered. */
final class StandInKernel {
    static final Abstraction ENOSPC_AS_EIO = FsyncSubject.SUBJECT.scenarios().orElseThrow().guest().orElseThrow()
            .abstractions().stream().filter(a -> a.name().equals("enospc-as-eio")).findFirst().orElseThrow();

    private StandInKernel() {
    }

    /** A kernel that behaves as the Java model of {@code variant}, with ENOSPC read as EIO if {@code ext4}. */
    static Judge actingAs(String variant, boolean ext4, AtomicInteger boots) {
        return altered(variant, ext4, boots, r -> r);
    }

    /** {@link #actingAs}, each step's result passed through {@code alter}. */
    static Judge altered(String variant, boolean ext4, AtomicInteger boots, UnaryOperator<StepResult> alter) {
        ModelJudge model = new ModelJudge(x -> Subjects.scenarios(x).model());
        return new Judge() {
            @Override
            public String name() {
                return "kernel";
            }

            @Override
            public Batch judge(List<Case> cases) {
                boots.incrementAndGet();
                List<List<StepResult>> results = new ArrayList<>();
                for (Case c : cases) {
                    Scenario s = c.scenario();
                    if (ext4) {
                        s = Subjects.scenarioParser().parse(s.source(), ENOSPC_AS_EIO.apply(
                                Expectations.strip(s.text())));
                    }
                    results.add(model.judge(s, variant).stream().map(alter).toList());
                }
                return Batch.of(results);
            }
        };
    }
}
