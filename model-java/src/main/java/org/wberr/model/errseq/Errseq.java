package org.wberr.model.errseq;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An errseq_t: one 32-bit word that records "an error happened, and which", so that any number of
 * observers can each ask "has anything new happened since I last looked?". Mirrors the kernel's
 * {@code lib/errseq.c}; each method names the kernel function it mirrors.
 *
 * <h2>Idea</h2>
 * Errors are recorded in one place (a mapping's {@code wb_err}); each observer (an open file's
 * {@code f_wb_err}) keeps a cursor, a copy of the word taken when it last looked. The observer has
 * something to report exactly when the word differs from its cursor. Recording an error never has to
 * know who is watching.
 *
 * <h2>Why lock-free</h2>
 * Errors are recorded from I/O completion, where the kernel cannot sleep and must not take a lock that a
 * reader may hold. Every update is therefore a compare-and-swap loop on the one word
 * ({@link AtomicInteger#compareAndExchange}, the kernel's {@code cmpxchg}); readers never block writers.
 * What the word does <em>not</em> protect is the observer's cursor: whoever owns a cursor serialises its
 * updates (the kernel holds {@code file->f_lock}).
 *
 * <h2>Bit layout, derived from MAX_ERRNO</h2>
 * {@link #MAX_ERRNO} = 4095 is a power of two minus one, so it serves as the errno mask:
 * <ul>
 *   <li>bits 0 to {@code ERRSEQ_SHIFT - 1}: the latest errno, stored positive, where
 *       {@link #ERRSEQ_SHIFT} = ilog2(MAX_ERRNO + 1) = 12;</li>
 *   <li>bit {@code ERRSEQ_SHIFT}: {@link #ERRSEQ_SEEN} = 1 &lt;&lt; 12;</li>
 *   <li>the bits above: a counter stepped by {@link #ERRSEQ_CTR_INC} = 1 &lt;&lt; 13. The kernel uses all
 *       the remaining {@code 32 - 13 = 19} bits ({@link #KERNEL_COUNTER_BITS}). This class takes the
 *       counter width as a parameter (1 to 19) so that the tiny counters of the TLA+ models wrap here
 *       exactly as they wrap there; with fewer than 19 bits the bits above the counter stay zero.</li>
 * </ul>
 * Values are the raw word as a Java {@code int}; {@link #unsigned(int)} gives the kernel's u32 view.
 *
 * <h2>Known limit: the counter wraps</h2>
 * The counter counts modulo 2^bits. After 2^bits seen-then-set cycles between two looks of one observer
 * the word can equal that observer's cursor again and the observer misses the errors in between. With
 * 19 bits that takes 524,288 reported errors between two fsyncs of one file; with the models' 1 to 3 bits
 * it takes 2 to 8, which is the point of making the width a parameter.
 *
 * <h2>The SEEN trick</h2>
 * The counter is only stepped when an error is recorded over a value that someone has seen (SEEN set).
 * An error recorded while the previous one is still unseen just replaces the errno: nobody can tell the
 * two apart yet, so they are one event (the latest errno wins), and the few counter bits last longer.
 * Reporting an error ({@link #checkAndAdvance}, and {@link #sample} in v4.13 semantics) sets SEEN.
 * Setting SEEN is a CAS whose failure is ignored, as in the kernel; this class keeps that behaviour
 * exactly (see the concurrency suite for what it costs when errnos differ).
 *
 * <h2>What zero means</h2>
 * Zero is "no error ever recorded". Once an error is set the word never returns to zero (the errno field
 * is never cleared), so zero is also the cursor of an observer that has seen nothing.
 *
 * <p>Thread safety: every method may be called from any thread at any time.
 */
public final class Errseq {
    /** The largest errno (include/linux/err.h); a power of two minus one, so it is also the errno mask. */
    public static final int MAX_ERRNO = 4095;
    /** ilog2(MAX_ERRNO + 1): the number of errno bits, and the position of the SEEN bit (12). */
    public static final int ERRSEQ_SHIFT = Integer.numberOfTrailingZeros(MAX_ERRNO + 1);
    /** Set when someone has observed the current value (1 &lt;&lt; 12). */
    public static final int ERRSEQ_SEEN = 1 << ERRSEQ_SHIFT;
    /** The lowest bit of the counter (1 &lt;&lt; 13). */
    public static final int ERRSEQ_CTR_INC = 1 << (ERRSEQ_SHIFT + 1);
    /** The counter width of the kernel: every bit above SEEN, 32 - 13 = 19. */
    public static final int KERNEL_COUNTER_BITS = Integer.SIZE - (ERRSEQ_SHIFT + 1);

    static {
        // The kernel's BUILD_BUG_ON_NOT_POWER_OF_2(MAX_ERRNO + 1): MAX_ERRNO must serve as a mask.
        if (Integer.bitCount(MAX_ERRNO + 1) != 1) {
            throw new AssertionError("MAX_ERRNO + 1 must be a power of two");
        }
    }

    private final int counterBits;
    /** Every bit a value may have: errno, SEEN and counterBits counter bits (all 32 for the kernel's 19). */
    private final int valueMask;
    private final AtomicInteger word;

    /** A zeroed errseq_t with the kernel's 19-bit counter. */
    public Errseq() {
        this(KERNEL_COUNTER_BITS);
    }

    /** A zeroed errseq_t whose counter has {@code counterBits} bits (1 to 19). */
    public Errseq(int counterBits) {
        this(counterBits, 0);
    }

    /**
     * An errseq_t with the given counter width holding {@code initial}, a value this class could have
     * produced: zero, or a nonzero errno with bits only within the layout. Meant for tests and replays
     * that start from a given state; a new errseq_t is always zero.
     */
    public Errseq(int counterBits, int initial) {
        if (counterBits < 1 || counterBits > KERNEL_COUNTER_BITS) {
            throw new IllegalArgumentException("counter width " + counterBits + " is not in 1.."
                    + KERNEL_COUNTER_BITS);
        }
        this.counterBits = counterBits;
        this.valueMask = (int) ((1L << (ERRSEQ_SHIFT + 1 + counterBits)) - 1);
        if ((initial & ~valueMask) != 0 || (initial != 0 && (initial & MAX_ERRNO) == 0)) {
            throw new IllegalArgumentException("initial value " + hex(initial) + " is not an errseq_t value"
                    + " with a " + counterBits + "-bit counter (zero, or an errno with bits only below bit "
                    + (ERRSEQ_SHIFT + 1 + counterBits) + ")");
        }
        this.word = new AtomicInteger(initial);
    }

    /** The counter width in bits. */
    public int counterBits() {
        return counterBits;
    }

    /** The current raw value (the kernel's READ_ONCE(*eseq)). Writes nothing. */
    public int get() {
        return word.get();
    }

    /**
     * Records {@code err} (kernel: {@code errseq_set}). Sets the errno field to {@code -err}, clears SEEN,
     * and steps the counter if the old value had SEEN set; if that gives the old value again (the same
     * errno while unseen) nothing is written. Otherwise CAS loop; a CAS that fails because another writer
     * stored this very value counts as success, as in the kernel.
     *
     * <p>Does not advance any cursor; clears SEEN. Needs no serialisation.
     *
     * @param err a negative errno in [-MAX_ERRNO, -1] (the kernel's convention)
     * @return the value in place after the call. (The kernel returns its local {@code cur}, which after a
     *         successful cmpxchg is the <em>previous</em> value, although its comment promises "the latest
     *         value"; only a tracepoint uses it. We return what the comment promises.)
     * @throws IllegalArgumentException if {@code err} is not in [-4095, -1]; the kernel WARNs and writes
     *         nothing in that case
     */
    public int set(int err) {
        if (err >= 0 || err < -MAX_ERRNO) {
            throw new IllegalArgumentException("errseq_set: err = " + err
                    + " is not a negative errno in [-" + MAX_ERRNO + ", -1]");
        }
        int old = word.get();
        for (;;) {
            // Clear out the errno and SEEN, put in the new errno.
            int next = (old & ~(MAX_ERRNO | ERRSEQ_SEEN)) | -err;
            // Only step the counter if someone has looked at the old value.
            if ((old & ERRSEQ_SEEN) != 0) {
                next = (next + ERRSEQ_CTR_INC) & valueMask;
            }
            // No change: the same errno again while unseen. Done.
            if (next == old) {
                return next;
            }
            int cur = word.compareAndExchange(old, next);
            // Our swap, or another writer beat us to the very same value: success either way.
            if (cur == old || cur == next) {
                return next;
            }
            // Raced with an update: recompute from what is there now.
            old = cur;
        }
    }

    /**
     * The cursor a new observer starts from (kernel: {@code errseq_sample}), in the chosen semantics:
     * <ul>
     *   <li>{@link SampleSemantics#V4_13} (v4.13 to v4.16): zero if the value is zero; otherwise sets
     *       SEEN by a CAS whose outcome is ignored and returns value | SEEN. An observer that starts after
     *       an unseen error never hears of it.</li>
     *   <li>{@link SampleSemantics#V4_17} (v4.17 and later, commit b4678df184b3): the value if SEEN is
     *       set, else zero; writes nothing. The observer's next check reports an unseen error.</li>
     * </ul>
     * Does not advance any cursor (the caller stores the result as its new cursor); sets SEEN only in
     * v4.13 semantics. Needs no serialisation.
     */
    public int sample(SampleSemantics semantics) {
        return sampleFrom(word.get(), semantics);
    }

    /**
     * The part of {@link #sample} after its read ({@code old = READ_ONCE(*eseq)}), for a caller that read
     * {@code old} earlier: a driver that interleaves other calls between the kernel's read and its
     * cmpxchg, as concurrent callers can (the TLA+ model ErrseqLaws with Atomic = FALSE). In v4.13
     * semantics the cmpxchg only succeeds if the word still equals {@code old}.
     */
    public int sampleFrom(int old, SampleSemantics semantics) {
        switch (semantics) {
            case V4_13: {
                if (old == 0) {
                    return 0;
                }
                int seen = old | ERRSEQ_SEEN;
                if (seen != old) {
                    word.compareAndSet(old, seen); // outcome ignored, as in the kernel
                }
                return seen;
            }
            case V4_17:
                return (old & ERRSEQ_SEEN) != 0 ? old : 0;
            default:
                throw new AssertionError(semantics);
        }
    }

    /**
     * Has anything been recorded since {@code since}? (kernel: {@code errseq_check}). Compares all 32
     * bits: returns 0 if the value equals {@code since}, else -(value &amp; MAX_ERRNO), the latest errno
     * as a negative number.
     *
     * <p>Does not advance the cursor; does not set SEEN; writes nothing. Needs no serialisation.
     */
    public int check(int since) {
        int cur = word.get();
        if (cur == since) {
            return 0;
        }
        return -(cur & MAX_ERRNO);
    }

    /**
     * Reports what was recorded since the cursor and advances the cursor (kernel:
     * {@code errseq_check_and_advance}). If the value differs from {@code since.get()}: sets SEEN in the
     * word by a CAS whose outcome is ignored (a racing writer or reader is fine, as in the kernel), stores
     * value | SEEN in the cursor, and returns -(value &amp; MAX_ERRNO). Otherwise returns 0 and writes
     * nothing.
     *
     * <p>Advances the cursor; sets SEEN. The caller must serialise updates of {@code since} (the kernel
     * holds {@code file->f_lock}); callers may do a lockless {@link #check} first and take their lock only
     * if it returns nonzero, as {@code file_check_and_advance_wb_err} does.
     */
    public int checkAndAdvance(ErrseqCursor since) {
        return checkAndAdvanceFrom(word.get(), since);
    }

    /**
     * The part of {@link #checkAndAdvance} after its read ({@code old = READ_ONCE(*eseq)}), for a caller
     * that read {@code old} earlier (see {@link #sampleFrom}). If the word no longer equals {@code old}
     * the SEEN cmpxchg fails, the kernel ignores that, and the cursor still becomes {@code old | SEEN}:
     * with two different errnos that can lose a later error (see the concurrency suite and the TLA+
     * model ErrseqLaws).
     */
    public int checkAndAdvanceFrom(int old, ErrseqCursor since) {
        if (old == since.get()) {
            return 0;
        }
        int seen = old | ERRSEQ_SEEN;
        if (seen != old) {
            word.compareAndSet(old, seen); // outcome ignored, as in the kernel
        }
        since.set(seen);
        return -(seen & MAX_ERRNO);
    }

    // ---- Reading values (no state) ----

    /** The errno field of a value, positive (0 if none). */
    public static int errno(int value) {
        return value & MAX_ERRNO;
    }

    /** Whether a value has SEEN set. */
    public static boolean seen(int value) {
        return (value & ERRSEQ_SEEN) != 0;
    }

    /** The counter field of a value (as an unsigned number, at most 19 bits). */
    public static int counter(int value) {
        return value >>> (ERRSEQ_SHIFT + 1);
    }

    /** The kernel's u32 view of a value. */
    public static long unsigned(int value) {
        return Integer.toUnsignedLong(value);
    }

    /** A value as 0x-prefixed 8-digit hex, the way the kernel's tracepoints print an errseq_t. */
    public static String hex(int value) {
        return String.format("0x%08x", value);
    }

    /** A value for humans: {@code 0x00003005 (ctr=1 SEEN errno=5)}, or {@code 0x00000000 (zero)}. */
    public static String describe(int value) {
        if (value == 0) {
            return hex(value) + " (zero)";
        }
        return hex(value) + " (ctr=" + Integer.toUnsignedString(counter(value)) + (seen(value) ? " SEEN" : "")
                + " errno=" + errno(value) + ")";
    }

    @Override
    public String toString() {
        return "errseq " + describe(get());
    }
}
