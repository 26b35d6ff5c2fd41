package org.wberr.model.errseq;

/**
 * An observer's cursor: the errseq_t value it last sampled or reported (the kernel's {@code errseq_t
 * since}, e.g. {@code file->f_wb_err}). {@link Errseq#checkAndAdvance} advances it.
 *
 * <p>Thread safety: reads are volatile, so a lockless {@link Errseq#check} of the current cursor (the
 * kernel's {@code READ_ONCE(file->f_wb_err)}) is safe from any thread. Updates are not atomic
 * read-modify-writes: the owner of the cursor must serialise them (the kernel holds {@code f_lock}).
 */
public final class ErrseqCursor {
    private volatile int value;

    /** A cursor at zero: has seen nothing. */
    public ErrseqCursor() {
        this(0);
    }

    /** A cursor at the given value, typically the result of {@link Errseq#sample}. */
    public ErrseqCursor(int value) {
        this.value = value;
    }

    /** The cursor's value. */
    public int get() {
        return value;
    }

    /** Moves the cursor; the caller serialises this with every other update of the same cursor. */
    public void set(int value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return "cursor " + Errseq.describe(value);
    }
}
