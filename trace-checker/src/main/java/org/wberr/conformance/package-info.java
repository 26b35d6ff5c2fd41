/**
 * Conformance of model-java to a spec, trace by trace: a subject's {@link org.wberr.conformance.Driver} performs each
 * step of an ITF trace on model-java and projects the implementation's state onto the spec's variables, the
 * {@link org.wberr.conformance.Replayer} compares them after every step and reports the first
 * {@link org.wberr.conformance.Mismatch} with a field-level diff, and {@link org.wberr.conformance.Conformance} replays
 * many files at once; {@link org.wberr.conformance.GraphConformance} does the same on an explored state graph in
 * memory, every transition compared once. Which driver a spec has is the subject layer's business.
 */
package org.wberr.conformance;
