/**
 * errseq_t, the kernel's lock-free error sequence (lib/errseq.c): {@link org.wberr.model.errseq.Errseq}
 * records errors, {@link org.wberr.model.errseq.ErrseqCursor} is an observer's cursor, and
 * {@link org.wberr.model.errseq.SampleSemantics} chooses between the v4.13 and v4.17 meaning of
 * errseq_sample.
 */
package org.wberr.model.errseq;
