package org.wberr.model.step;

/**
 * What a step does when the kernel would make it wait for another thread: a write of a page under writeback
 * (folio_wait_stable), fsync waiting for a writeback in flight, a metadata writer waiting for the buffer's
 * write (lock_buffer). A single-threaded driver (a scenario, a trace replay) could never end that writeback
 * while it waits, so it refuses such a step as impossible instead.
 */
public enum Waiting {
    /** Wait, as the kernel does (another thread ends the writeback). */
    BLOCK,
    /** Refuse the step with an {@link ImpossibleStepException}: for single-threaded drivers. */
    REFUSE
}
