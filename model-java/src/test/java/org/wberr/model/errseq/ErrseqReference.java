package org.wberr.model.errseq;

/**
 * The plainest sequential statement of errseq_t, written from docs/semantics.md section 1 without bit tricks:
 * a counter, a SEEN flag and an errno as separate fields, and operations that are atomic because nothing
 * else runs. The property tests and the concurrency suite compare {@link Errseq} against it.
 */
public final class ErrseqReference {
    private final int counterBits;
    private int counter;
    private boolean seen;
    private int errno;

    public ErrseqReference(int counterBits) {
        this.counterBits = counterBits;
    }

    /** An independent copy (for searches over reference states). */
    public ErrseqReference copy() {
        ErrseqReference c = new ErrseqReference(counterBits);
        c.counter = counter;
        c.seen = seen;
        c.errno = errno;
        return c;
    }

    /** The word these fields stand for: counter, SEEN bit, errno. */
    public int value() {
        return (counter << 13) | (seen ? 1 << 12 : 0) | errno;
    }

    /** errseq_set: a new error steps the counter only if the last one was seen; the latest errno wins. */
    public int set(int err) {
        if (seen) {
            counter = (counter + 1) % (1 << counterBits);
            seen = false;
        }
        errno = -err;
        return value();
    }

    /** errseq_sample in v4.13 semantics: whatever is there is now seen by the sampler. */
    public int sampleV413() {
        if (value() == 0) {
            return 0;
        }
        seen = true;
        return value();
    }

    /** errseq_sample in v4.17 semantics: an unseen error is left for the sampler to report. */
    public int sampleV417() {
        return seen ? value() : 0;
    }

    /** errseq_check. */
    public int check(int since) {
        return value() == since ? 0 : -errno;
    }

    /** errseq_check_and_advance, with the cursor passed in and handed back through {@code cursor[0]}. */
    public int checkAndAdvance(int[] cursor) {
        if (value() == cursor[0]) {
            return 0;
        }
        seen = true;
        cursor[0] = value();
        return -errno;
    }
}
