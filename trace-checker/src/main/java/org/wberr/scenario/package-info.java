/**
 * What a scenario is, whatever its subject: a {@link org.wberr.scenario.Scenario} of {@link org.wberr.scenario.Step}s,
 * the {@link org.wberr.scenario.ScenarioParser} that reads every subject's files (comments, the subject and
 * variant lines, {@code => RESULT}, messages) with each subject's {@link org.wberr.scenario.Grammar} for its steps,
 * and a judge's {@link org.wberr.scenario.StepResult} for one step. The steps themselves live in the subject
 * packages.
 */
package org.wberr.scenario;
