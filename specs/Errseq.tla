------------------------------- MODULE Errseq -------------------------------
(***************************************************************************)
(* errseq_t as lib/errseq.c defines it, bit for bit.                       *)
(*                                                                         *)
(* The idea. An errseq_t is one 32-bit word that records "an error         *)
(* happened, and which", so that any number of observers can each ask "has *)
(* anything new happened since I last looked?".  An observer keeps a copy  *)
(* of the word (its cursor, "since"); a different word means news.         *)
(*                                                                         *)
(* Why lock-free. Writers (I/O completion, any context) and readers (fsync *)
(* callers) only ever use single-word compare-and-swap.  Each operator     *)
(* below is one atomic step: the kernel's CAS loops are linearizable (a    *)
(* failed CAS retries on the fresh value, and a CAS that fails because     *)
(* another writer stored the very same new value is an idempotent no-op),  *)
(* except where an operator's comment says otherwise.                      *)
(*                                                                         *)
(* The bit layout, derived from MAX_ERRNO as the kernel derives it:        *)
(*   bits 0 .. ERRSEQ_SHIFT-1   the latest errno, stored positive          *)
(*   bit  ERRSEQ_SHIFT          SEEN: someone has observed this value      *)
(*   the bits above             a counter, stepped by ERRSEQ_CTR_INC       *)
(* with ERRSEQ_SHIFT = ilog2(MAX_ERRNO + 1) = 12.  The kernel's counter    *)
(* has 32 - 13 = 19 bits; here its width is the constant CounterBits so   *)
(* that a model can make it tiny.                                          *)
(*                                                                         *)
(* The known limit. The counter wraps modulo 2^CounterBits: after          *)
(* 2^CounterBits seen-then-set cycles between two looks of one observer    *)
(* its cursor can equal the word again and the news is missed.  The laws   *)
(* models (MCErrseqLaws) show it with CounterBits = 1.                     *)
(*                                                                         *)
(* The SEEN trick. The counter is only stepped when a new error arrives    *)
(* after someone has seen the current value; errors that nobody has seen   *)
(* yet collapse into one event (the latest errno wins).  That spends       *)
(* counter values only on distinguishable events.                          *)
(*                                                                         *)
(* Zero. The word 0 means "no error, ever".  Once an error is set the word *)
(* never returns to 0, so 0 is also the cursor of "I have seen nothing".   *)
(*                                                                         *)
(* Errno values are passed the kernel's way: a negative errno, -EIO = -5.  *)
(* Operators that return an error return 0 or a negative errno.  TLC       *)
(* integers are 32-bit signed and WORD = 2^(13 + CounterBits) must be one, *)
(* so TLC can evaluate CounterBits <= 17 (18 fails: "Overflow when         *)
(* computing 8192*262144"); the kernel's 19 is out of its reach, and needs *)
(* no model (see README.md).                                               *)
(***************************************************************************)
EXTENDS Integers

CONSTANT
    \* @type: Int;
    CounterBits                \* width of the counter: 19 in the kernel, 1..3 in models
ASSUME CounterBits \in 1..17  \* 17: WORD must fit TLC's 32-bit signed integers (see above)

MAX_ERRNO == 4095             \* include/linux/err.h

\* ilog2, for a power of two.
Log2(n) == CHOOSE k \in 0..31 : 2^k = n

ERRSEQ_SHIFT   == Log2(MAX_ERRNO + 1)          \* = 12
ERRSEQ_SEEN    == 2^ERRSEQ_SHIFT               \* = 1 << 12
ERRSEQ_CTR_INC == 2^(ERRSEQ_SHIFT + 1)         \* = 1 << 13
WORD           == ERRSEQ_CTR_INC * 2^CounterBits \* 2^32 in the kernel: the word wraps here

\* Every value an errseq_t (and a cursor) can hold.
Values == 0 .. WORD - 1

\* The errno the kernel accepts: -MAX_ERRNO .. -1 (errseq_set WARNs on others).
ValidErr == -MAX_ERRNO .. -1

-----------------------------------------------------------------------------
(* Field accessors: the C bit operations, written as arithmetic.            *)

Errno(e)   == e % (MAX_ERRNO + 1)                 \* e & MAX_ERRNO
IsSeen(e)  == (e \div ERRSEQ_SEEN) % 2 = 1        \* e & ERRSEQ_SEEN
Counter(e) == e \div ERRSEQ_CTR_INC               \* e >> (ERRSEQ_SHIFT + 1)
WithSeen(e) == IF IsSeen(e) THEN e ELSE e + ERRSEQ_SEEN   \* e | ERRSEQ_SEEN

\* Build a word from its fields (for specs and tests that state values).
Word(ctr, seen, errno) ==
    (ctr % 2^CounterBits) * ERRSEQ_CTR_INC + (IF seen THEN ERRSEQ_SEEN ELSE 0) + errno

-----------------------------------------------------------------------------
(***************************************************************************)
(* lib/errseq.c::errseq_set(eseq, err): the new value of *eseq.            *)
(*   Advances: the counter steps iff the old value was SEEN.               *)
(*   SEEN: cleared (the new error is unseen).                              *)
(*   Serialise: nothing; any context, any number of concurrent callers.    *)
(* new = (old & ~(MAX_ERRNO | SEEN)) | -err, plus CTR_INC if old was SEEN  *)
(* (the addition wraps with the word).  An err outside ValidErr is         *)
(* rejected with a WARN and nothing is written.  If new = old nothing is   *)
(* written either: the same errno again while unseen changes nothing.      *)
(***************************************************************************)
errseq_set(e, err) ==
    IF err \notin ValidErr
    THEN e
    ELSE LET cleared == e - (e % ERRSEQ_CTR_INC)   \* counter bits only
             new     == cleared + (-err)
         IN  IF IsSeen(e) THEN (new + ERRSEQ_CTR_INC) % WORD ELSE new

(***************************************************************************)
(* lib/errseq.c::errseq_sample(eseq): the cursor a new observer starts     *)
(* from, and the value *eseq has afterwards, as [since, eseq].             *)
(*                                                                         *)
(* v4.13 to v4.16: if e # 0, mark it SEEN (by CAS) and return e|SEEN: an   *)
(*   observer that starts after an unseen error never hears of it.         *)
(*   Advances: no.  SEEN: set.  Serialise: nothing.                        *)
(*   Not atomic in the kernel: if the CAS loses to a concurrent            *)
(*   errseq_set, the caller still gets old|SEEN while *eseq holds the      *)
(*   newer unseen error whose counter was NOT stepped.  This model makes   *)
(*   the sample atomic; see README.md, "Abstractions".                     *)
(* v4.17 and later (commit b4678df184b3): return e if SEEN is set, else 0; *)
(*   writes nothing, so the next check by this observer reports an unseen  *)
(*   error.  Advances: no.  SEEN: untouched.  Serialise: nothing.          *)
(*                                                                         *)
(* sem is "v4.13" or "v4.17" (v8-posting behaves as v4.13).               *)
(***************************************************************************)
errseq_sample(e, sem) ==
    IF sem = "v4.17"
    THEN [since |-> IF IsSeen(e) THEN e ELSE 0, eseq |-> e]
    ELSE IF e = 0 THEN [since |-> 0, eseq |-> 0]
                  ELSE [since |-> WithSeen(e), eseq |-> WithSeen(e)]

(***************************************************************************)
(* lib/errseq.c::errseq_check(eseq, since): 0 if nothing changed since the *)
(* sample (all 32 bits equal), else the latest error, negative.            *)
(*   Advances: no.  SEEN: untouched.  Writes nothing.  Serialise: nothing. *)
(***************************************************************************)
errseq_check(e, since) == IF e = since THEN 0 ELSE -Errno(e)

(***************************************************************************)
(* lib/errseq.c::errseq_check_and_advance(eseq, &since): as                *)
(* [ret, since, eseq].  If e # *since: set SEEN in e (a CAS whose outcome  *)
(* is ignored; the kernel's comment calls a racing writer or reader fine,  *)
(* but with two errnos a racing errseq_set can bring the word back to the  *)
(* cursor and an error is missed: README.md, and ErrseqLaws.tla with       *)
(* Atomic = FALSE), *since = e|SEEN, return the error; else return 0 and   *)
(* change nothing.  This operator is the atomic reading of it.             *)
(*   Advances: yes, the observer's cursor to the current value.            *)
(*   SEEN: set.  Serialise: the caller must serialise updates of *since    *)
(*   (fsync holds file->f_lock).                                           *)
(***************************************************************************)
errseq_check_and_advance(e, since) ==
    IF e = since
    THEN [ret |-> 0, since |-> since, eseq |-> e]
    ELSE [ret |-> -Errno(e), since |-> WithSeen(e), eseq |-> WithSeen(e)]

=============================================================================
