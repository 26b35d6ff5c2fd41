package org.wberr.campaign;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.wberr.judge.ModelJudge;
import org.wberr.judge.ScenarioModel;
import org.wberr.judge.SideBySide;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;

/**
 * What a kernel's results for one scenario say about the model: agreement, a disagreement an abstraction explains,
 * or an unexplained one. The comparison is {@link SideBySide}'s, with the Java model beside the kernel, so that a
 * step the kernel refuses where the model takes it disagrees too (a step without a stated result is compared
 * between judges only).
 */
final class Verdicts {
    private final BiFunction<String, String, Scenario> parser;
    private final ModelJudge model;
    private final List<Abstraction> abstractions;

    /**
     * @param parser       parses a scenario file: (source, text)
     * @param models       the Java model of a scenario's subject
     * @param abstractions the kernel behaviours the model names
     */
    Verdicts(BiFunction<String, String, Scenario> parser, Function<Scenario, ScenarioModel> models,
            List<Abstraction> abstractions) {
        this.parser = parser;
        this.model = new ModelJudge(models);
        this.abstractions = List.copyOf(abstractions);
    }

    /** The verdict on one scenario: {@code explained} empty and {@code disagreement} empty when they agree. */
    record Verdict(Optional<SideBySide.Row> disagreement, Optional<Abstraction> explained, SideBySide side,
                   long judged) {
        boolean agrees() {
            return disagreement.isEmpty();
        }

        boolean unexplained() {
            return disagreement.isPresent() && explained.isEmpty();
        }

        /** The index of the first disagreeing step in the scenario. */
        int at() {
            return side.rows().indexOf(disagreement.orElseThrow());
        }
    }

    /** Compares the kernel's {@code results} with the scenario's expectations and the Java model. */
    Verdict judge(Scenario scenario, String variant, List<StepResult> results) {
        SideBySide side = side(scenario, variant, model.judge(scenario, variant), results);
        long judged = results.stream().filter(r -> r.status() != StepResult.Status.NOT_JUDGED).count();
        Optional<SideBySide.Row> first = side.disagreements().stream().findFirst();
        if (first.isEmpty()) {
            return new Verdict(Optional.empty(), Optional.empty(), side, judged);
        }
        String text = Expectations.strip(scenario.text());
        for (Abstraction a : abstractions) {
            String rewritten = a.apply(text);
            if (rewritten.equals(text)) {
                continue;
            }
            Scenario r = parser.apply(scenario.source(), rewritten);
            if (side(r, variant, model.judge(r, variant), results).disagreements().isEmpty()) {
                return new Verdict(first, Optional.of(a), side, judged);
            }
        }
        return new Verdict(first, Optional.empty(), side, judged);
    }

    /** The Java model's results for a scenario (for expectations of shrunk scenarios). */
    List<StepResult> model(Scenario scenario, String variant) {
        return model.judge(scenario, variant);
    }

    private static SideBySide side(Scenario s, String variant, List<StepResult> model, List<StepResult> kernel) {
        Map<String, List<StepResult>> results = new LinkedHashMap<>();
        results.put("model", model);
        results.put("kernel", kernel);
        return new SideBySide(s, variant, results);
    }
}
