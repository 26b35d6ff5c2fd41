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
    Observers,      \* the observers (strings), e.g. {"A", "B"}
    Errnos,         \* the errors writers may set, as positive errno values, e.g. {5, 28} (EIO, ENOSPC)
    Variant         \* errseq_sample semantics: "v4.13" (marks SEEN) or "v4.17"

ASSUME Variant \in {"v4.13", "v4.17"}
ASSUME \A n \in Errnos : -n \in ValidErr

VARIABLES
    eseq,           \* the errseq_t word
    since,          \* each sampled observer's cursor: a function on the observers that have one
    ret,            \* what the last operation returned to its caller (0 or a negative errno)
    \* History, for stating the laws (not part of errseq_t):
    sets,           \* number of errseq_set calls so far
    lastErr,        \* the errno of the latest errseq_set (0 before any)
    newSince,       \* [o]: an errseq_set happened after o's cursor was taken
    unseenAtSample, \* [o]: o sampled while the word held an error nobody had seen
    advanced        \* [o]: o's cursor comes from its own check-and-advance

vars == <<eseq, since, ret, sets, lastErr, newSince, unseenAtSample, advanced>>

Sampled == DOMAIN since

\* f with x mapped to v, x possibly new in the domain.
Put(f, x, v) == [y \in DOMAIN f \cup {x} |-> IF y = x THEN v ELSE f[y]]

TypeInv ==
    /\ eseq \in Values
    /\ Sampled \subseteq Observers /\ \A o \in Sampled : since[o] \in Values
    /\ ret \in {0} \cup {-n : n \in Errnos}
    /\ sets \in Nat
    /\ lastErr \in {0} \cup Errnos
    /\ DOMAIN newSince = Sampled /\ \A o \in Sampled : newSince[o] \in BOOLEAN
    /\ DOMAIN unseenAtSample = Sampled /\ \A o \in Sampled : unseenAtSample[o] \in BOOLEAN
    /\ DOMAIN advanced = Sampled /\ \A o \in Sampled : advanced[o] \in BOOLEAN

Init ==
    /\ eseq = 0                     \* "A new errseq_t should always be zeroed out."
    /\ since = [o \in {} |-> 0]        \* the empty function: nobody has sampled
    /\ ret = 0
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
    /\ UNCHANGED <<since, unseenAtSample, advanced>>

\* An observer takes (or retakes) its cursor: lib/errseq.c::errseq_sample.
Sample(o) ==
    LET r == errseq_sample(eseq, Variant) IN
    /\ eseq' = r.eseq
    /\ since' = Put(since, o, r.since)
    /\ ret' = 0
    /\ newSince' = Put(newSince, o, FALSE)
    /\ unseenAtSample' = Put(unseenAtSample, o, eseq # 0 /\ ~IsSeen(eseq))
    /\ advanced' = Put(advanced, o, FALSE)
    /\ UNCHANGED <<sets, lastErr>>

\* An observer asks without advancing: lib/errseq.c::errseq_check.
Check(o) ==
    /\ o \in Sampled
    /\ ret' = errseq_check(eseq, since[o])
    /\ UNCHANGED <<eseq, since, sets, lastErr, newSince, unseenAtSample, advanced>>

\* An observer reports and advances: lib/errseq.c::errseq_check_and_advance
\* (the caller holds its own lock, as fsync holds f_lock).
CheckAndAdvance(o) ==
    /\ o \in Sampled
    /\ LET r == errseq_check_and_advance(eseq, since[o]) IN
       /\ eseq' = r.eseq
       /\ since' = [since EXCEPT ![o] = r.since]
       /\ ret' = r.ret
    /\ newSince' = [newSince EXCEPT ![o] = FALSE]
    /\ unseenAtSample' = [unseenAtSample EXCEPT ![o] = FALSE]
    /\ advanced' = [advanced EXCEPT ![o] = TRUE]
    /\ UNCHANGED <<sets, lastErr>>

Next ==
    \/ \E errno \in Errnos : Set(errno)
    \/ \E o \in Observers : Sample(o)
    \/ \E o \in Observers : Check(o)
    \/ \E o \in Observers : CheckAndAdvance(o)

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
