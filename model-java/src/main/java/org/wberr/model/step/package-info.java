/**
 * What every model's steps share: a step the model's state does not allow is refused with an
 * {@link org.wberr.model.step.ImpossibleStepException} (a programming error stays an
 * {@code IllegalStateException} or {@code IllegalArgumentException}, so that a bug is never shown to a user as
 * an impossible step), and {@link org.wberr.model.step.Waiting} says whether a step that would wait for another
 * thread (a writeback in flight) waits, as the kernel does, or is refused, for single-threaded drivers.
 */
package org.wberr.model.step;
