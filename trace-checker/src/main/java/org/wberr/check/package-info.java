/**
 * Model checking: every model of the manifest checked with TLC, one child JVM per model
 * ({@link org.wberr.check.TlcRunner} in the parent, {@link org.wberr.check.ModelJob} in the child, the
 * {@link org.wberr.check.JobSpec} and {@link org.wberr.check.JobResult} between them as JSON), the verdict and
 * distinct-state count compared with the manifest ({@link org.wberr.check.ModelOutcome}), the counterexample
 * certified against the spec, and, in the same child, the model's export ({@link org.wberr.check.Exporter}, planned
 * by {@link org.wberr.check.ExportPlan}).
 */
package org.wberr.check;
