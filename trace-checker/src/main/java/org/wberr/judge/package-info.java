/**
 * Judges of scenarios: a {@link org.wberr.judge.Judge} answers a batch of scenarios step by step (the Java model here,
 * through each subject's {@link org.wberr.judge.ScenarioModel}; the TLA+ spec in {@code judge.spec}; a real kernel in
 * {@code judge.kernel}). {@link org.wberr.judge.ScenarioRunner} compares one judge with a scenario's expectations,
 * {@link org.wberr.judge.SideBySide} several judges with each other and with the expectations: the one comparison.
 * Nothing here prints.
 */
package org.wberr.judge;
