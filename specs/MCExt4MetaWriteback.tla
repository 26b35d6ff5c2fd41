------------------------- MODULE MCExt4MetaWriteback -------------------------
(***************************************************************************)
(* Model-checking wrapper for Ext4MetaWriteback: it only restricts.        *)
(***************************************************************************)
EXTENDS Ext4MetaWriteback

CONSTANT
    \* @type: Int;
    MaxUpdates \* at most this many modifications of each block

(* Why the bounds are sound.                                               *)
(* - MaxUpdates: modifications are the only unbounded source of new states *)
(*   (update ids grow); every other variable is finite once they are       *)
(*   bounded: writes need a committed modification, so writes, failures    *)
(*   and errseq steps are bounded too.  The lost-update story needs two    *)
(*   updates (one whose write fails, one made on the stale copy); three    *)
(*   also cover a modification before the failure is detected and one      *)
(*   after.  CounterBits = 2 > log2(MaxUpdates): bd_wb_err never wraps.    *)
(* - One block: the stale re-read, the check at get_write_access and the   *)
(*   work queue all act on the failing buffer or on the whole file system; *)
(*   a second block only adds interleavings of the same steps (the slow    *)
(*   suite checks two blocks).                                             *)
(* - Liveness (ErrorDetectedProp) is not affected by the bound: no         *)
(*   fairness is assumed for Modify, the only action the bound disables.   *)
StateBound == \A b \in Blocks : made[b] <= MaxUpdates

=============================================================================
