package org.wberr.subject.ext4;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;
import org.wberr.subject.Storyboard;

/**
 * Ext4MetaWriteback.tla as a sequence diagram: ext4 (the writer, its file system state and its cursor
 * s_bdev_wb_err), jbd2, the buffer (buffer_head bits and contents), the block device mapping's wb_err, the work
 * queue (v2's deferred ext4_error_err), the disk.
 */
public final class Ext4Storyboard implements Storyboard {
    static final String EXT4 = "ext4";
    static final String JBD2 = "jbd2";
    static final String BUFFER = "buffer";
    static final String BDEV = "bdev wb_err";
    static final String WORK_QUEUE = "work queue";
    static final String DISK = "disk";

    @Override
    public List<String> lanes(ItfTrace trace) {
        return List.of(EXT4, JBD2, BUFFER, BDEV, WORK_QUEUE, DISK);
    }

    @Override
    public Arrow arrow(String variant, String action, Map<String, ItfValue> picks) {
        Ext4Action a = Storyboard.action(Ext4Action.class, action);
        if (a == null) {
            return null;
        }
        String f = a.kernelFunction();
        return switch (a) {
            case ReadBitmap -> new Arrow(EXT4, BUFFER, f);
            case Modify -> new Arrow(EXT4, JBD2, f);
            case ModifyRefused -> new Arrow(EXT4, EXT4, f);
            case CheckBdevWriteError -> new Arrow(EXT4, BDEV, f);
            case Commit -> new Arrow(JBD2, BUFFER, f);
            case WritebackStart -> new Arrow(BUFFER, DISK, f);
            // end_buffer_async_write records a failure in the bdev mapping; v2 also queues the error work.
            case WritebackEnd -> new Arrow(DISK, "ok".equals(Storyboard.name(picks, "outcome")) ? BUFFER
                    : "v2-workqueue".equals(variant) ? WORK_QUEUE : BDEV, f);
            // v2 calls ext4_error_err from the work queue; v5.9+ from the writer that found the error.
            case ErrorErr -> new Arrow("v2-workqueue".equals(variant) ? WORK_QUEUE : EXT4, EXT4, f);
        };
    }

    @Override
    public String lane(String variable, ItfValue key) {
        return switch (variable) {
            case "fs", "s_bdev_wb_err" -> EXT4;
            case "b_data", "bh" -> BUFFER;
            case "bd_wb_err" -> BDEV;
            case "error_pending" -> WORK_QUEUE;
            case "disk" -> DISK;
            case "ret" -> CALLER;
            default -> null;
        };
    }

    @Override
    public Set<String> errseqVariables() {
        return Set.of("bd_wb_err", "s_bdev_wb_err");
    }
}
