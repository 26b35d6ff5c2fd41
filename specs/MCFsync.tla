------------------------------- MODULE MCFsync -------------------------------
(***************************************************************************)
(* Model-checking wrapper for Fsync: it only restricts.                    *)
(***************************************************************************)
EXTENDS Fsync

CONSTANT
    \* @type: Int;
    MaxErrors \* at most this many failed writebacks in a behaviour

(* Why the bounds are sound (see also the cfg files).                      *)
(* - MaxErrors: failed writebacks are the only unbounded source of new     *)
(*   states (every other variable ranges over a finite set once `errors`   *)
(*   is bounded).  The properties are about one error event and the next   *)
(*   one: "two errors in a row" needs 2; 3 also covers an error arriving   *)
(*   after two reported ones.  CounterBits (2) is chosen with              *)
(*   MaxErrors < 2^CounterBits, so the counter never wraps, as in the      *)
(*   kernel, where a wrap needs 2^19 errors between two fsyncs of one fd   *)
(*   (the wrap itself is shown on errseq alone, MCErrseqLaws).             *)
(* - Fds: two.  Every property talks about one fd and "another fd" (the    *)
(*   second fd that eats the legacy flags, the late opener); a closed fd   *)
(*   can be reopened, so two names also give a third, later open file.     *)
(* - Pages: one.  What matters is nrpages = 0 or > 0 and a page's state;   *)
(*   pages never interact (writeback, eviction and writes are per page),   *)
(*   so more pages only multiply interleavings of the same per-page steps. *)
StateBound == errors <= MaxErrors

=============================================================================
