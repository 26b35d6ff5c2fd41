/**
 * What wberr shows: check's matrix, summary, counterexamples and JSON ({@link org.wberr.report.CheckReport}), the
 * export and replay figures ({@link org.wberr.report.ExportSummary}), a scenario run
 * ({@link org.wberr.report.ScenarioPrinter}) and several judges side by side
 * ({@link org.wberr.report.SideBySidePrinter}). It prints and writes; it decides nothing.
 */
package org.wberr.report;
