---------------------------- MODULE MCErrseqLaws ----------------------------
(***************************************************************************)
(* Model-checking wrapper for ErrseqLaws: it only restricts.               *)
(***************************************************************************)
EXTENDS ErrseqLaws

CONSTANT
    \* @type: Int;
    MaxSets \* at most this many errseq_set calls in a behaviour

(* Why the bound is sound.  Sets are the only action that can be repeated  *)
(* without bound (samples and checks only toggle SEEN and move cursors     *)
(* among finitely many values), so MaxSets makes the state space finite.   *)
(* A law about one observer's cursor can depend on the number of sets only *)
(* through the counter, which sees at most MaxSets steps: with             *)
(* MaxSets < 2^CounterBits no behaviour wraps, exactly as in the kernel    *)
(* where 2^19 cycles are needed; with MaxSets >= 2^CounterBits the model   *)
(* shows what a wrap does.  Two observers suffice: a wrap needs a second   *)
(* observer to mark the word SEEN between the sets of the first's window.  *)
StateBound == sets <= MaxSets

=============================================================================
