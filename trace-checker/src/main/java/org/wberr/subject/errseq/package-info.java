/**
 * The errseq subject: lib/errseq.c alone, as Errseq.tla with its harness ErrseqLaws.tla, replayed on model-java's
 * {@code Errseq} ({@link org.wberr.subject.errseq.ErrseqDriver}) and rendered as tests
 * ({@link org.wberr.subject.errseq.ErrseqRenderer}). It has no scenarios.
 */
package org.wberr.subject.errseq;
