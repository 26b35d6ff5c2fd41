package org.wberr.model.ext4;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a panic every step is refused because of the panic, whatever else would refuse it (the variant has no such
 * step, the buffer is not dirty); and the names (toString) that messages and diffs show.
 */
class Ext4AfterPanicAndNamesTest {
    private static final String B = "bitmap";
    private static final String PANICKED = ": the machine panicked (errors=panic), nothing runs after a panic";

    private static void assertRefusedForThePanic(String op, Runnable step) {
        assertEquals("cannot " + op + PANICKED, assertThrows(ImpossibleStepException.class, step::run).getMessage());
    }

    /** v2-workqueue, errors=panic: a failed write queues the work, which panics when it runs. */
    private static Ext4 panickedV2() {
        Ext4 fs = Ext4.builder(Ext4Variant.V2_WORKQUEUE).errors(ErrorsMode.PANIC).waiting(Waiting.REFUSE).build();
        fs.modify(B);
        fs.commit();
        fs.writeback(B, WriteOutcome.EIO);
        fs.errorErr();
        assertTrue(fs.snapshot().fs().halted());
        return fs;
    }

    @Test
    void afterAPanic_everyStepIsRefusedForThePanic_evenOneTheVariantLacks() {
        Ext4 fs = panickedV2();
        assertRefusedForThePanic("check-bdev-error", fs::checkBdevWriteError); // v2 has no check at all
        assertRefusedForThePanic("meta-writeback-start " + B, () -> fs.writebackStart(B)); // and B is not dirty
        assertRefusedForThePanic("meta-writeback-end " + B + " ok", () -> fs.writebackEnd(B, WriteOutcome.OK));
        assertRefusedForThePanic("read-bitmap " + B, () -> fs.readBitmap(B));
        assertRefusedForThePanic("modify " + B, () -> fs.modify(B));
        assertRefusedForThePanic("commit", fs::commit);
        assertRefusedForThePanic("error-err", fs::errorErr);
    }

    @Test
    void names_areTheIds_andExt4ShowsVariantModeAndState() {
        for (Ext4Variant v : Ext4Variant.values()) {
            assertEquals(v.id(), v.toString());
        }
        for (ErrorsMode m : ErrorsMode.values()) {
            assertEquals(m.id(), m.toString());
        }
        for (WriteOutcome o : WriteOutcome.values()) {
            assertEquals(o.id(), o.toString());
        }
        Ext4 fs = Ext4.builder(Ext4Variant.V5_10_KEEP_UPTODATE).errors(ErrorsMode.REMOUNT_RO).blocks("b", "a").build();
        assertEquals(Ext4Variant.V5_10_KEEP_UPTODATE, fs.variant());
        assertEquals(ErrorsMode.REMOUNT_RO, fs.errorsMode());
        assertEquals(List.of("a", "b"), fs.blocks());
        assertEquals("Ext4[v5.10-keep-uptodate, errors=remount-ro] " + fs.snapshot(), fs.toString());
    }
}
