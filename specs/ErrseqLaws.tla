----------------------------- MODULE ErrseqLaws -----------------------------
(***************************************************************************)
(* The laws of errseq_t, checked on a harness: one errseq_t word, any      *)
(* number of writers setting errors, and a set of observers that each      *)
(* sample the word (as open() does), check it (errseq_check) and check and *)
(* advance (as fsync does), interleaved in every order.  The observers are *)
(* the callers of lib/errseq.c, not kernel objects: this module says what  *)
(* the library promises to any caller.  Fsync.tla uses the same operators  *)
(* through a real caller, the VFS.                                         *)
(***************************************************************************)
EXTENDS Integers, Errseq

CONSTANTS
    \* @type: Bool;
    Atomic,         \* BOOLEAN. TRUE: each operator is one atomic step (Errseq.tla's reading).
                    \* FALSE: errseq_check_and_advance and v4.13's errseq_sample are, as in the
                    \* kernel, a READ_ONCE and later a cmpxchg whose outcome is ignored; others
                    \* may run in between.
    \* @type: Set(Str);
    Observers,      \* the observers (strings), e.g. {"A", "B"}
    \* @type: Set(Int);
    Errnos,         \* the errors writers may set, as positive errno values, e.g. {5, 28} (EIO, ENOSPC)
    \* @type: Str;
    Variant         \* errseq_sample semantics: "v4.13" (marks SEEN) or "v4.17"

ASSUME Variant \in {"v4.13", "v4.17"} /\ Atomic \in BOOLEAN
ASSUME \A n \in Errnos : -n \in ValidErr

VARIABLES
    \* @type: Int;
    eseq,           \* the errseq_t word
    \* @type: Str -> Int;
    since,          \* each sampled observer's cursor: a function on the observers that have one
    \* @type: Int;
    ret,            \* what the last operation returned to its caller (0 or a negative errno)
    \* @type: Str -> { op: Str, old: Int };
    read,           \* (Atomic = FALSE) [o]: o's call in flight ("sample" or "advance", else "none")
                    \* and the value its READ_ONCE returned
    \* History, for stating the laws (not part of errseq_t):
    \* @type: Int;
    sets,           \* number of errseq_set calls so far
    \* @type: Int;
    lastErr,        \* the errno of the latest errseq_set (0 before any)
    \* @type: Str -> Bool;
    newSince,       \* [o]: an errseq_set happened after o's cursor was taken
    \* @type: Str -> Bool;
    unseenAtSample, \* [o]: o sampled while the word held an error nobody had seen
    \* @type: Str -> Bool;
    advanced        \* [o]: o's cursor comes from its own check-and-advance

vars == <<eseq, since, ret, read, sets, lastErr, newSince, unseenAtSample, advanced>>

Sampled == DOMAIN since

NoRead == [op |-> "none", old |-> 0]    \* no call of this observer is in flight

\* f with x mapped to v, x possibly new in the domain.
Put(f, x, v) == [y \in DOMAIN f \cup {x} |-> IF y = x THEN v ELSE f[y]]

TypeInv ==
    /\ eseq \in Values
    /\ Sampled \subseteq Observers /\ \A o \in Sampled : since[o] \in Values
    /\ ret \in {0} \cup {-n : n \in Errnos}
    /\ read \in [Observers -> [op : {"none", "sample", "advance"}, old : Values]]
    /\ Atomic => \A o \in Observers : read[o] = NoRead
    /\ sets \in Nat
    /\ lastErr \in {0} \cup Errnos
    /\ DOMAIN newSince = Sampled /\ \A o \in Sampled : newSince[o] \in BOOLEAN
    /\ DOMAIN unseenAtSample = Sampled /\ \A o \in Sampled : unseenAtSample[o] \in BOOLEAN
    /\ DOMAIN advanced = Sampled /\ \A o \in Sampled : advanced[o] \in BOOLEAN

Init ==
    /\ eseq = 0                     \* "A new errseq_t should always be zeroed out."
    /\ since = [o \in {} |-> 0]        \* the empty function: nobody has sampled
    /\ ret = 0
    /\ read = [o \in Observers |-> NoRead]
    /\ sets = 0
    /\ lastErr = 0
    /\ newSince = [o \in {} |-> FALSE]
    /\ unseenAtSample = [o \in {} |-> FALSE]
    /\ advanced = [o \in {} |-> FALSE]

\* A writer records an error: lib/errseq.c::errseq_set(eseq, -errno).
Set(errno) ==
    /\ eseq' = errseq_set(eseq, -errno)
    /\ ret' = 0
    /\ sets' = sets + 1
    /\ lastErr' = errno
    /\ newSince' = [o \in Sampled |-> TRUE]
    /\ UNCHANGED <<since, read, unseenAtSample, advanced>>

\* The cursor o takes, given the value `old` its sample read; what o's history becomes.
TakeCursor(o, since1, old) ==
    /\ since' = Put(since, o, since1)
    /\ ret' = 0
    /\ newSince' = Put(newSince, o, FALSE)
    /\ unseenAtSample' = Put(unseenAtSample, o, old # 0 /\ ~IsSeen(old))
    /\ advanced' = Put(advanced, o, FALSE)

\* An observer takes (or retakes) its cursor: lib/errseq.c::errseq_sample, atomically
\* (v4.17's sample only reads, so it is always one step).
Sample(o) ==
    /\ Atomic \/ Variant = "v4.17"
    /\ read[o] = NoRead
    /\ LET r == errseq_sample(eseq, Variant) IN
       /\ eseq' = r.eseq
       /\ TakeCursor(o, r.since, eseq)
    /\ UNCHANGED <<read, sets, lastErr>>

\* v4.13's errseq_sample, as two steps: old = READ_ONCE(*eseq) ...
SampleRead(o) ==
    /\ ~Atomic /\ Variant = "v4.13"
    /\ read[o] = NoRead
    /\ read' = [read EXCEPT ![o] = [op |-> "sample", old |-> eseq]]
    /\ ret' = 0
    /\ UNCHANGED <<eseq, since, sets, lastErr, newSince, unseenAtSample, advanced>>

\* ... then, if old # 0, cmpxchg(eseq, old, old | SEEN), outcome ignored; return old | SEEN.
SampleCas(o) ==
    /\ read[o].op = "sample"
    /\ LET old == read[o].old IN
       /\ eseq' = IF old # 0 /\ eseq = old THEN WithSeen(old) ELSE eseq
       /\ TakeCursor(o, IF old = 0 THEN 0 ELSE WithSeen(old), old)
    /\ read' = [read EXCEPT ![o] = NoRead]
    /\ UNCHANGED <<sets, lastErr>>

\* An observer asks without advancing: lib/errseq.c::errseq_check.
Check(o) ==
    /\ o \in Sampled
    /\ read[o] = NoRead
    /\ ret' = errseq_check(eseq, since[o])
    /\ UNCHANGED <<eseq, since, read, sets, lastErr, newSince, unseenAtSample, advanced>>

\* o's cursor and history after its check-and-advance returned ret.
Advanced(o, since1, ret1) ==
    /\ since' = [since EXCEPT ![o] = since1]
    /\ ret' = ret1
    /\ newSince' = [newSince EXCEPT ![o] = FALSE]
    /\ unseenAtSample' = [unseenAtSample EXCEPT ![o] = FALSE]
    /\ advanced' = [advanced EXCEPT ![o] = TRUE]

\* An observer reports and advances: lib/errseq.c::errseq_check_and_advance
\* (the caller holds its own lock, as fsync holds f_lock).
CheckAndAdvance(o) ==
    /\ Atomic
    /\ o \in Sampled
    /\ LET r == errseq_check_and_advance(eseq, since[o]) IN
       /\ eseq' = r.eseq
       /\ Advanced(o, r.since, r.ret)
    /\ UNCHANGED <<read, sets, lastErr>>

\* errseq_check_and_advance as the kernel runs it, in two steps: old = READ_ONCE(*eseq) ...
CheckAndAdvanceRead(o) ==
    /\ ~Atomic
    /\ o \in Sampled
    /\ read[o] = NoRead
    /\ read' = [read EXCEPT ![o] = [op |-> "advance", old |-> eseq]]
    /\ ret' = 0
    /\ UNCHANGED <<eseq, since, sets, lastErr, newSince, unseenAtSample, advanced>>

\* ... then, if old # *since: cmpxchg(eseq, old, old | SEEN) with its outcome ignored,
\* *since = old | SEEN, return -(old & MAX_ERRNO); else return 0.
CheckAndAdvanceCas(o) ==
    /\ read[o].op = "advance"
    /\ LET old == read[o].old IN
       IF old = since[o]
       THEN /\ UNCHANGED eseq
            /\ Advanced(o, since[o], 0)
       ELSE /\ eseq' = IF eseq = old THEN WithSeen(old) ELSE eseq
            /\ Advanced(o, WithSeen(old), -Errno(old))
    /\ read' = [read EXCEPT ![o] = NoRead]
    /\ UNCHANGED <<sets, lastErr>>

Next ==
    \/ \E errno \in Errnos : Set(errno)
    \/ \E o \in Observers : Sample(o) \/ SampleRead(o) \/ SampleCas(o)
    \/ \E o \in Observers : Check(o)
    \/ \E o \in Observers : CheckAndAdvance(o) \/ CheckAndAdvanceRead(o) \/ CheckAndAdvanceCas(o)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* The laws.                                                               *)

\* Zero means "never an error": once set, never zero again; and the errno
\* field holds the latest error set ("any error set will always overwrite").
\* After an observer's own check-and-advance, its next check is 0 until an
\* errseq_set comes (other observers' samples and checks do not disturb it).
BasicLawsInv ==
    /\ NeverZeroAgain::  sets > 0 => eseq # 0
    /\ LatestErrnoWins:: Errno(eseq) = lastErr
    /\ QuietAfterAdvance::
         \A o \in Sampled : advanced[o] /\ ~newSince[o] => errseq_check(eseq, since[o]) = 0

\* The promise: an error set after an observer took its cursor is reported by
\* that observer's next check.  Holds while fewer than 2^CounterBits
\* seen-then-set cycles separate two looks; the counter's wrap breaks it.
NoMissedErrorInv ==
    \A o \in Sampled : newSince[o] => errseq_check(eseq, since[o]) # 0

\* The v4.17 promise: an observer that starts while an error is unseen is told
\* about it at its next check.  v4.13's sample marks the error SEEN and hands
\* out a cursor that already includes it.
UnseenErrorReportedInv ==
    \A o \in Sampled : unseenAtSample[o] => errseq_check(eseq, since[o]) # 0

=============================================================================
