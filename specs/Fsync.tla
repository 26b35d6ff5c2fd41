------------------------------- MODULE Fsync -------------------------------
(***************************************************************************)
(* How a failed background write of a page reaches the application: one   *)
(* inode, its pages in the page cache, its mapping's error state (the      *)
(* errseq_t wb_err and the legacy AS_EIO / AS_ENOSPC bits), and the open   *)
(* files of that inode, each with its cursor f_wb_err.  Every action       *)
(* mirrors a kernel function, named in its comment.  The historical        *)
(* variants of file_write_and_wait_range and errseq_sample are the         *)
(* constant Variant, never a copy of the spec:                             *)
(*                                                                         *)
(*  "legacy-flags"  before errseq (up to v4.12): fsync test-and-clears the *)
(*                  mapping's AS_EIO / AS_ENOSPC (filemap_check_errors),   *)
(*                  as does every other caller of filemap_write_and_wait.  *)
(*  "v8-posting"    the posted series (docs/sources/errseq-v8-10-18): the check-  *)
(*                  and-advance of f_wb_err runs only if mapping->nrpages. *)
(*  "v4.13"         as merged (5660e13d2fd6): check-and-advance always,    *)
(*                  after the flush; errseq_sample marks the error SEEN.   *)
(*  "v4.17"         as v4.13, but errseq_sample returns 0 for an unseen    *)
(*                  error (b4678df184b3): a late opener still reports it.  *)
(*                                                                         *)
(* What is left out, and why, is listed in README.md ("Abstractions").    *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, Errseq

CONSTANTS
    \* @type: Str;
    Variant,            \* one of Variants
    \* @type: Set(Str);
    Fds,                \* the file descriptors that may be open (strings), e.g. {"A", "B"}
    \* @type: Set(Int);
    Pages,              \* the page indexes of the file, e.g. {0}
    \* @type: Bool;
    InodeEviction,      \* BOOLEAN: may the inode be evicted when no fd is open (drop_caches=2)
    \* @type: Bool;
    NonFsyncConsumer    \* BOOLEAN: may a non-fsync caller of filemap_write_and_wait run

Variants == {"legacy-flags", "v8-posting", "v4.13", "v4.17"}
ASSUME Variant \in Variants
ASSUME InodeEviction \in BOOLEAN /\ NonFsyncConsumer \in BOOLEAN

EIO    == 5       \* include/uapi/asm-generic/errno-base.h
ENOSPC == 28

\* The outcome of writing one page back, and the errno it records.
Outcomes == {"ok", "EIO", "ENOSPC"}
ErrnoOf(o) == CASE o = "ok" -> 0 [] o = "EIO" -> EIO [] o = "ENOSPC" -> ENOSPC

\* A page of the file is not in the page cache, or clean, dirty, or under writeback.
PageStates == {"absent", "clean", "dirty", "writeback"}

\* Which errseq_sample the variant's open() uses (v8-posting samples as v4.13).
SampleSemantics == IF Variant = "v4.17" THEN "v4.17" ELSE "v4.13"
UsesErrseq == Variant # "legacy-flags"

VARIABLES
    \* @type: Int -> Str;
    page,       \* mapping->i_pages: the state of each page of the file
    \* @type: Int;
    wb_err,     \* mapping->wb_err, an errseq_t; stays 0 in legacy-flags (no errseq before v4.13)
    \* @type: Set(Str);
    as_flags,   \* the legacy error bits of mapping->flags, a subset of {"AS_EIO", "AS_ENOSPC"}
    \* @type: Str -> Int;
    f_wb_err,   \* file->f_wb_err of each open file: a function whose domain is the set of open fds
    \* @type: Int;
    ret,        \* what the last step returned to its caller: 0 or a negative errno
    \* History (monitor) variables: not kernel state, only there to state the properties.
    \* @type: Int;
    errors,     \* number of failed writebacks so far
    \* @type: Set(Str);
    owed,       \* open fds that were open when an error was recorded and have not reported one since
    \* @type: Bool;
    unreported, \* an error was recorded and no fsync has returned an error since
    \* @type: Str -> Int;
    reports,    \* [fd]: the value of `errors` when this open fd last returned an error from fsync (0: never)
    \* @type: { op: Str, fd: Str, owed: Bool, unreported: Bool, fresh: Bool, changed: Set(Str) };
    check       \* what the properties must judge about the step just taken (see NoCheck)

kernel  == <<page, wb_err, as_flags, f_wb_err, ret>>
history == <<errors, owed, unreported, reports, check>>
vars    == <<kernel, history>>

Open == DOMAIN f_wb_err

\* Function helpers: f with x mapped to v (x possibly new), f without x.
Put(f, x, v) == [y \in DOMAIN f \cup {x} |-> IF y = x THEN v ELSE f[y]]
Drop(f, x)   == [y \in DOMAIN f \ {x} |-> f[y]]

\* mapping->nrpages: the pages in the page cache, in any state.
NrPages(pg) == Cardinality({p \in Pages : pg[p] # "absent"})

\* The flush of filemap_write_and_wait / file_write_and_wait_range: every
\* dirty page is written back, successfully (see Fsync for why), and the
\* caller waits for pages under writeback (an enabling condition below).
Flushed(pg) == [p \in Pages |-> IF pg[p] = "dirty" THEN "clean" ELSE pg[p]]
NoWriteback == \A p \in Pages : page[p] # "writeback"

\* The check record of a step that neither fsync nor the non-fsync consumer took.
NoCheck == [op |-> "none", fd |-> "", owed |-> FALSE, unreported |-> FALSE,
            fresh |-> TRUE, changed |-> {}]

TypeInv ==
    /\ page \in [Pages -> PageStates]
    /\ wb_err \in Values /\ (~UsesErrseq => wb_err = 0)
    /\ as_flags \subseteq {"AS_EIO", "AS_ENOSPC"}
    /\ Open \subseteq Fds /\ \A fd \in Open : f_wb_err[fd] \in Values
    /\ ret \in {0, -EIO, -ENOSPC}
    /\ errors \in Nat
    /\ owed \subseteq Open
    /\ unreported \in BOOLEAN
    /\ DOMAIN reports = Open /\ \A fd \in Open : reports[fd] \in 0..errors
    /\ check \in [op : {"none", "fsync", "stat"}, fd : Fds \cup {""}, owed : BOOLEAN,
                  unreported : BOOLEAN, fresh : BOOLEAN, changed : SUBSET Fds]

-----------------------------------------------------------------------------
(* What the kernel's helpers compute, as pure operators over values.       *)

\* mm/filemap.c::filemap_check_errors: test-and-clear AS_ENOSPC, then AS_EIO;
\* EIO wins.  Returns the error; the caller clears both bits.
filemap_check_errors(flags) ==
    IF "AS_EIO" \in flags THEN -EIO ELSE IF "AS_ENOSPC" \in flags THEN -ENOSPC ELSE 0

\* What vfs_fsync(fd) returns and leaves behind, given the page cache pg, the
\* mapping's wb_err and flags, and fd's cursor, per variant: the record
\* [ret, wb_err, since, flags].  The flush happens before the report and
\* does not change nrpages; its own failures are modelled by the Writeback
\* actions (see Fsync).
FsyncOutcome(pg, wb, flags, since) ==
    CASE Variant = "legacy-flags" ->
            \* mm/filemap.c::filemap_write_and_wait_range (v4.12): flush and wait,
            \* filemap_check_errors in both branches (nrpages or not).
            [ret |-> filemap_check_errors(flags), wb_err |-> wb, since |-> since, flags |-> {}]
      [] Variant = "v8-posting" ->
            \* docs/sources/errseq-v8-10-18 file_write_and_wait_range: everything,
            \* including file_check_and_advance_wb_err, inside if (mapping->nrpages).
            \* That version of file_check_and_advance_wb_err leaves AS_* alone.
            IF NrPages(pg) > 0
            THEN LET r == errseq_check_and_advance(wb, since) IN
                 [ret |-> r.ret, wb_err |-> r.eseq, since |-> r.since, flags |-> flags]
            ELSE [ret |-> 0, wb_err |-> wb, since |-> since, flags |-> flags]
      [] OTHER ->
            \* v4.13+ mm/filemap.c::file_write_and_wait_range: flush if nrpages, then
            \* file_check_and_advance_wb_err unconditionally, which also clears
            \* AS_EIO and AS_ENOSPC "to emulate the effect the legacy code would have had".
            LET r == errseq_check_and_advance(wb, since) IN
            [ret |-> r.ret, wb_err |-> r.eseq, since |-> r.since, flags |-> {}]

-----------------------------------------------------------------------------
(* The actions.                                                            *)

Init ==
    /\ page = [p \in Pages |-> "absent"]    \* an existing file, nothing cached yet
    /\ wb_err = 0
    /\ as_flags = {}
    /\ f_wb_err = [fd \in {} |-> 0]         \* no fd open
    /\ ret = 0
    /\ errors = 0
    /\ owed = {}
    /\ unreported = FALSE
    /\ reports = [fd \in {} |-> 0]
    /\ check = NoCheck

\* fs/open.c::do_dentry_open: f->f_wb_err = filemap_sample_wb_err(mapping),
\* i.e. lib/errseq.c::errseq_sample (which may mark wb_err SEEN, v4.13).
\* legacy-flags has no cursor: it is 0 and never read.
OpenFile(fd) ==
    /\ fd \notin Open
    /\ LET r == IF UsesErrseq THEN errseq_sample(wb_err, SampleSemantics)
                              ELSE [since |-> 0, eseq |-> wb_err] IN
       /\ wb_err' = r.eseq
       /\ f_wb_err' = Put(f_wb_err, fd, r.since)
    /\ ret' = 0
    /\ reports' = Put(reports, fd, 0)
    /\ check' = NoCheck
    /\ UNCHANGED <<page, as_flags, errors, owed, unreported>>

\* fs/open.c::filp_close then fput: the file goes away with its cursor.
Close(fd) ==
    /\ fd \in Open
    /\ f_wb_err' = Drop(f_wb_err, fd)
    /\ ret' = 0
    /\ owed' = owed \ {fd}
    /\ reports' = Drop(reports, fd)
    /\ check' = NoCheck
    /\ UNCHANGED <<page, wb_err, as_flags, errors, unreported>>

\* mm/filemap.c::generic_perform_write: a buffered write dirties the page; it
\* never fails because of the device.  A page under writeback is waited for
\* first (stable pages, folio_wait_stable): not enabled until writeback ends.
Write(fd, p) ==
    /\ fd \in Open
    /\ page[p] # "writeback"
    /\ page' = [page EXCEPT ![p] = "dirty"]
    /\ ret' = 0
    /\ check' = NoCheck
    /\ UNCHANGED <<wb_err, as_flags, f_wb_err, errors, owed, unreported, reports>>

\* mm/page-writeback.c::write_cache_pages: clear_page_dirty_for_io and
\* set_page_writeback, then the write is submitted (background writeback,
\* sync(2), or anyone's flush).
WritebackStart(p) ==
    /\ page[p] = "dirty"
    /\ page' = [page EXCEPT ![p] = "writeback"]
    /\ ret' = 0
    /\ check' = NoCheck
    /\ UNCHANGED <<wb_err, as_flags, f_wb_err, errors, owed, unreported, reports>>

\* The write completes: the file system's end_io (fs/buffer.c::
\* end_buffer_async_write, fs/ext4/page-io.c::ext4_finish_bio) calls
\* mm/filemap.c::end_page_writeback.  On failure it first records the error
\* with include/linux/pagemap.h::mapping_set_error: errseq_set(&wb_err, err)
\* (v4.13+) and set_bit(AS_ENOSPC or AS_EIO).  The page is NOT redirtied:
\* it is clean, its data never reached the disk, and it may be evicted.
\* sync(2) reports nothing per file and marks nothing SEEN.
WritebackEnd(p, outcome) ==
    /\ page[p] = "writeback"
    /\ page' = [page EXCEPT ![p] = "clean"]
    /\ ret' = 0
    /\ check' = NoCheck
    /\ IF outcome = "ok"
       THEN UNCHANGED <<wb_err, as_flags, errors, owed, unreported>>
       ELSE /\ wb_err' = IF UsesErrseq THEN errseq_set(wb_err, -ErrnoOf(outcome)) ELSE wb_err
            /\ as_flags' = as_flags \cup {IF outcome = "ENOSPC" THEN "AS_ENOSPC" ELSE "AS_EIO"}
            /\ errors' = errors + 1
            /\ owed' = Open
            /\ unreported' = TRUE
    /\ UNCHANGED <<f_wb_err, reports>>

\* mm/truncate.c::invalidate_mapping_pages or reclaim (drop_caches=1,
\* POSIX_FADV_DONTNEED): a clean page leaves the page cache; nrpages drops.
EvictPage(p) ==
    /\ page[p] = "clean"
    /\ page' = [page EXCEPT ![p] = "absent"]
    /\ ret' = 0
    /\ check' = NoCheck
    /\ UNCHANGED <<wb_err, as_flags, f_wb_err, errors, owed, unreported, reports>>

\* fs/inode.c::evict (prune_icache_sb, drop_caches=2): an inode that no file
\* holds open, with no dirty page and none under writeback, leaves memory with
\* its mapping, wb_err and flags.  The next open reads it from disk afresh:
\* wb_err 0, no flags, nothing cached.  An unreported error is lost here.
EvictInode ==
    /\ InodeEviction
    /\ Open = {}
    /\ \A p \in Pages : page[p] \in {"absent", "clean"}
    /\ page' = [p \in Pages |-> "absent"]
    /\ wb_err' = 0
    /\ as_flags' = {}
    /\ ret' = 0
    /\ check' = NoCheck
    /\ UNCHANGED <<f_wb_err, errors, owed, unreported, reports>>

\* fs/sync.c::vfs_fsync -> the file system's fsync -> the variant's
\* file_write_and_wait_range (FsyncOutcome), under the file's f_lock.
\* The flush is modelled as succeeding: a failure of fsync's own flush is the
\* same kernel behaviour as a WritebackStart / WritebackEnd(p, "EIO") pair just
\* before this step (the error is recorded by the same end_io), so no
\* behaviour is lost.  Pages under writeback are waited for: not enabled
\* until they complete.
Fsync(fd) ==
    /\ fd \in Open
    /\ NoWriteback
    /\ LET o == FsyncOutcome(page, wb_err, as_flags, f_wb_err[fd]) IN
       /\ page' = Flushed(page)
       /\ wb_err' = o.wb_err
       /\ as_flags' = o.flags
       /\ f_wb_err' = [f_wb_err EXCEPT ![fd] = o.since]
       /\ ret' = o.ret
       /\ check' = [op |-> "fsync", fd |-> fd, owed |-> fd \in owed, unreported |-> unreported,
                    fresh |-> errors > reports[fd], changed |-> {}]
       /\ IF o.ret # 0
          THEN /\ owed' = owed \ {fd}
               /\ unreported' = FALSE
               /\ reports' = [reports EXCEPT ![fd] = errors]
          ELSE UNCHANGED <<owed, unreported, reports>>
    /\ UNCHANGED errors

\* A non-fsync caller of mm/filemap.c::filemap_write_and_wait: getattr on
\* file systems that flush before stat (NFS, ...), truncate, ...: flush, wait,
\* then filemap_check_errors, which test-and-clears AS_EIO / AS_ENOSPC.  It
\* exists in every variant; since v4.13 it no longer affects fsync.
\* check.changed: the open fds whose next fsync would now answer differently.
Stat ==
    /\ NonFsyncConsumer
    /\ NoWriteback
    /\ page' = Flushed(page)
    /\ ret' = filemap_check_errors(as_flags)
    /\ as_flags' = {}
    /\ check' = [NoCheck EXCEPT !.op = "stat",
                 !.changed = {fd \in Open :
                     FsyncOutcome(page, wb_err, as_flags, f_wb_err[fd]).ret #
                     FsyncOutcome(page', wb_err, as_flags', f_wb_err[fd]).ret}]
    /\ UNCHANGED <<wb_err, f_wb_err, errors, owed, unreported, reports>>

Next ==
    \/ \E fd \in Fds : OpenFile(fd) \/ Close(fd) \/ Fsync(fd)
    \/ \E fd \in Fds, p \in Pages : Write(fd, p)
    \/ \E p \in Pages : WritebackStart(p) \/ EvictPage(p)
    \/ \E p \in Pages, o \in Outcomes : WritebackEnd(p, o)
    \/ EvictInode
    \/ Stat

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* The properties.  Each judges the step just taken through `check`.       *)

\* "No fsync after an error returns 0", per fd: an fsync on an fd that was
\* open when an error was recorded, and that has not reported an error
\* since, returns an error.
NoSilentFsyncInv ==
    check.op = "fsync" /\ check.owed => ret # 0

\* The PostgreSQL question: an error that no fsync has reported yet is
\* reported by the next fsync on the inode, whichever fd makes it, also an
\* fd opened after the error.
ReportedOnceInv ==
    check.op = "fsync" /\ check.unreported => ret # 0

\* An fd never reports the same error event twice: an fsync returns an error
\* only if an error was recorded since this fd last returned one.
NoRepeatReportInv ==
    check.op = "fsync" /\ ret # 0 => check.fresh

\* A non-fsync caller of filemap_write_and_wait does not change what any
\* open fd's next fsync returns (legacy-flags: it eats the error).
StatKeepsErrorInv ==
    check.op = "stat" => check.changed = {}

=============================================================================
