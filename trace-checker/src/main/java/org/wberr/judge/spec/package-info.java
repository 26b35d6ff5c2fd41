/**
 * The TLA+ spec as a judge: trace validation of a scenario against its subject's spec with TLC's FastTool
 * ({@link org.wberr.judge.spec.TraceValidator}), in a child JVM per spec ({@link org.wberr.judge.spec.TraceJob}).
 * Each subject says through its {@link org.wberr.judge.spec.SpecMapping} which actions each step is.
 */
package org.wberr.judge.spec;
