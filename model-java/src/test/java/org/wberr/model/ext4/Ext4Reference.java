package org.wberr.model.ext4;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.wberr.model.errseq.ErrseqReference;
import org.wberr.model.step.Errno;
import org.wberr.model.step.ImpossibleStepException;

/**
 * The plainest sequential statement of the ext4 semantics of specs/Ext4MetaWriteback.tla (docs/semantics.md
 * section 3), written without locks, threads or waiting: every operation is atomic because nothing else
 * runs, and it reads as the spec's actions do. A step that would wait for a write in flight is impossible
 * here (nothing could complete it). It goes beyond the spec in the one way {@link Ext4} does: several
 * writers may be between their check and their ext4_error_err ({@code due} counts them). The property
 * tests and the concurrency suite compare {@link Ext4} against it.
 */
public final class Ext4Reference {

    /** One block: its buffer and its copy on disk. */
    private static final class Block {
        SortedSet<Integer> data = new TreeSet<>();
        SortedSet<Integer> disk = new TreeSet<>();
        boolean uptodate = true;
        boolean dirty;
        boolean jbddirty;
        boolean writeIoError;
        boolean asyncWrite;
        int made;

        Block copy() {
            Block c = new Block();
            c.data = new TreeSet<>(data);
            c.disk = new TreeSet<>(disk);
            c.uptodate = uptodate;
            c.dirty = dirty;
            c.jbddirty = jbddirty;
            c.writeIoError = writeIoError;
            c.asyncWrite = asyncWrite;
            c.made = made;
            return c;
        }
    }

    private final Ext4Variant variant;
    private final ErrorsMode errors;
    private final Map<String, Block> blocks = new TreeMap<>();
    private ErrseqReference bdWbErr;
    private int sBdevWbErr;
    private boolean workPending;
    private int due;
    private boolean errorFs;
    private boolean aborted;
    private boolean rdonly;
    private boolean halted;

    public Ext4Reference(Ext4Variant variant, ErrorsMode errors, int counterBits, List<String> blockNames) {
        this.variant = variant;
        this.errors = errors;
        this.bdWbErr = new ErrseqReference(counterBits);
        for (String b : blockNames) {
            blocks.put(b, new Block());
        }
    }

    private Ext4Reference(Ext4Reference o) {
        this.variant = o.variant;
        this.errors = o.errors;
        o.blocks.forEach((k, v) -> blocks.put(k, v.copy()));
        this.bdWbErr = o.bdWbErr.copy();
        this.sBdevWbErr = o.sBdevWbErr;
        this.workPending = o.workPending;
        this.due = o.due;
        this.errorFs = o.errorFs;
        this.aborted = o.aborted;
        this.rdonly = o.rdonly;
        this.halted = o.halted;
    }

    /** An independent copy. */
    public Ext4Reference copy() {
        return new Ext4Reference(this);
    }

    public void readBitmap(String b) {
        Block x = block(b);
        if (x.uptodate) {
            return;
        }
        if (!(variant == Ext4Variant.V5_10_KEEP_UPTODATE && x.writeIoError)) {
            x.data = new TreeSet<>(x.disk);
        }
        x.uptodate = true;
    }

    public int checkBdevWriteError() {
        running();
        require(variant.checksAtWriteAccess(), "no check in " + variant);
        require(!rdonly, "read-only");
        return advance();
    }

    private int advance() {
        int[] cursor = {sBdevWbErr};
        int err = bdWbErr.checkAndAdvance(cursor);
        sBdevWbErr = cursor[0];
        if (err != 0) {
            due++;
        }
        return err;
    }

    public int modify(String b) {
        Block x = block(b);
        if (rdonly) {
            return -Errno.EROFS;
        }
        require(x.uptodate, b + " is not uptodate");
        require(!x.asyncWrite, "a write of " + b + " is in flight");
        if (variant.checksAtWriteAccess() && advance() != 0) {
            errorErr();
            if (halted) {
                throw new KernelPanicException("panic");
            }
            if (rdonly) {
                return -Errno.EROFS;
            }
        }
        x.made++;
        x.data.add(x.made);
        x.dirty = false;
        x.jbddirty = true;
        return 0;
    }

    public void commit() {
        running();
        if (aborted) {
            return;
        }
        for (Block x : blocks.values()) {
            if (x.jbddirty) {
                x.jbddirty = false;
                x.dirty = true;
            }
        }
    }

    public void writebackStart(String b) {
        Block x = block(b);
        require(x.dirty, b + " is not dirty");
        x.dirty = false;
        x.asyncWrite = true;
        x.writeIoError = false;
    }

    public void writebackEnd(String b, WriteOutcome outcome) {
        Block x = block(b);
        require(x.asyncWrite, "no write of " + b + " in flight");
        x.asyncWrite = false;
        if (outcome == WriteOutcome.OK) {
            x.disk = new TreeSet<>(x.data);
            x.uptodate = true;
        } else {
            x.writeIoError = true;
            x.uptodate = false;
            bdWbErr.set(-Errno.EIO);
            if (variant == Ext4Variant.V2_WORKQUEUE && !rdonly) {
                workPending = true;
            }
        }
    }

    public void writeback(String b, WriteOutcome outcome) {
        writebackStart(b);
        writebackEnd(b, outcome);
    }

    public void errorErr() {
        running();
        if (variant == Ext4Variant.V2_WORKQUEUE) {
            require(workPending, "no work queued");
            workPending = false;
        } else {
            require(due > 0, "no ext4_error_err due");
            due--;
        }
        errorFs = true;
        if (rdonly || errors == ErrorsMode.CONTINUE) {
            return;
        }
        aborted = true;
        for (Block x : blocks.values()) {
            x.jbddirty = false;
        }
        if (errors == ErrorsMode.REMOUNT_RO) {
            rdonly = true;
        } else {
            halted = true;
        }
    }

    public Ext4Snapshot snapshot() {
        SortedMap<String, SortedSet<Integer>> data = new TreeMap<>();
        SortedMap<String, SortedSet<Integer>> disk = new TreeMap<>();
        SortedMap<String, BufferState> bh = new TreeMap<>();
        blocks.forEach((b, x) -> {
            data.put(b, x.data);
            disk.put(b, x.disk);
            bh.put(b, new BufferState(x.uptodate, x.dirty, x.jbddirty, x.writeIoError, x.asyncWrite));
        });
        return new Ext4Snapshot(data, disk, bh, bdWbErr.value(), sBdevWbErr, workPending || due > 0,
                new FsState(errorFs, aborted, rdonly, halted));
    }

    /** How many modifications block {@code b} has had (the highest update id made). */
    public int updatesMade(String b) {
        return blocks.get(b).made;
    }

    /** Everything this reference holds, as a value: the snapshot plus what it leaves out (for state searches). */
    public Object fullState() {
        Map<String, Integer> made = new LinkedHashMap<>();
        blocks.forEach((b, x) -> made.put(b, x.made));
        return List.of(snapshot(), made, workPending, due);
    }

    private Block block(String b) {
        running();
        Block x = blocks.get(b);
        if (x == null) {
            throw new IllegalArgumentException("no block " + b);
        }
        return x;
    }

    private void running() {
        require(!halted, "the machine panicked");
    }

    private static void require(boolean ok, String why) {
        if (!ok) {
            throw new ImpossibleStepException(why);
        }
    }
}
