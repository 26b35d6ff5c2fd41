package org.wberr.model.ext4;

import org.wberr.model.step.ImpossibleStepException;

/**
 * Thrown by a call during which the machine panicked: with errors=panic, the {@code ext4_error_err} this
 * very call made (the v5.9 check in {@code modify}) ends in {@code panic()}, so in the kernel the call never
 * returns. The state stays readable ({@link Ext4#snapshot()}: {@code halted}); every later step is an
 * {@link ImpossibleStepException}.
 */
public final class KernelPanicException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KernelPanicException(String message) {
        super(message);
    }
}
