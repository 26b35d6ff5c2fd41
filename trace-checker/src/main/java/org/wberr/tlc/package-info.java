/**
 * Adapters to TLC, and nothing else: a TLC run in this JVM with its messages recorded
 * ({@link org.wberr.tlc.TlcSession}), a spec as an explicit transition system through TLC's FastTool
 * ({@link org.wberr.tlc.SpecModel}: initial states, actions with their parameters, successors), what a cfg says
 * ({@link org.wberr.tlc.CfgFacts}), SANY's and TLC's text made readable. TLC keeps static state, so each user of
 * these classes runs them in a JVM of its own (check's child per model, the spec judge's child per spec).
 */
package org.wberr.tlc;
