package org.wberr.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;

/** The Java model as a judge: each scenario runs on its subject's model ({@link ScenarioModel}). */
public final class ModelJudge implements Judge {
    private final Function<Scenario, ScenarioModel> models;

    /** @param models the model of a scenario's subject */
    public ModelJudge(Function<Scenario, ScenarioModel> models) {
        this.models = models;
    }

    @Override
    public String name() {
        return "java-model";
    }

    @Override
    public Batch judge(List<Case> cases) {
        List<List<StepResult>> out = new ArrayList<>();
        for (Case c : cases) {
            out.add(models.apply(c.scenario()).run(c.scenario(), c.variant()));
        }
        return Batch.of(out);
    }
}
