package org.wberr.judge;

import java.util.List;

import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;

/**
 * A subject's Java model running a scenario: each step is one call on a fresh model of the variant,
 * single-threaded, so that a step that would wait for another thread is impossible rather than a hang. One
 * result per step, stopping after the first impossible one.
 */
public interface ScenarioModel {

    /** Runs the steps of {@code scenario} under {@code variant} from the model's initial state. */
    List<StepResult> run(Scenario scenario, String variant);
}
