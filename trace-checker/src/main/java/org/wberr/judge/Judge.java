package org.wberr.judge;

import java.util.List;

import org.wberr.scenario.Scenario;
import org.wberr.scenario.StepResult;

/**
 * Something that can say what a scenario does: the Java model now, the TLA+ spec and a real kernel later.
 * A judge runs a whole scenario (a kernel judge runs it in one VM boot) and returns one result per step,
 * in order, stopping after the first impossible step. It does not compare with the expectations and does
 * not print: {@link ScenarioRunner} compares, the report prints, so that several judges'
 * results can later be shown side by side.
 */
public interface Judge {

    /** A short name for reports, such as {@code java-model}. */
    String name();

    /** The variant ids this judge knows, in a stable order. */
    List<String> variants();

    /**
     * Runs the steps of {@code scenario} under {@code variant} (one of {@link #variants()}) from the
     * initial state: no fd open, no page cached, no error recorded.
     */
    List<StepResult> judge(Scenario scenario, String variant);
}
