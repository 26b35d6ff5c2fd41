package org.wberr.model.vfs;

import org.junit.jupiter.api.Test;
import org.wberr.model.step.ImpossibleStepException;
import org.wberr.model.step.Waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The words a refused page step uses for the page's state, a negative page index refused by every page step, and the
 * names (toString) that messages and diffs show.
 */
class VfsRefusalsAndNamesTest {

    private static Vfs seq() {
        return Vfs.builder(Variant.V4_17).waiting(Waiting.REFUSE).build();
    }

    private static void assertImpossible(String message, Runnable step) {
        assertEquals(message, assertThrows(ImpossibleStepException.class, step::run).getMessage());
    }

    @Test
    void negativePage_isRefusedByEveryPageStep_namingTheIndex() {
        Vfs vfs = seq();
        vfs.open("A");
        for (Runnable step : new Runnable[] {() -> vfs.write("A", -1), () -> vfs.writebackStart(-1),
                () -> vfs.writebackEnd(-1, WritebackOutcome.OK), () -> vfs.writeback(-1, WritebackOutcome.EIO),
                () -> vfs.evictPage(-1)}) {
            assertEquals("page index -1 is negative",
                    assertThrows(IllegalArgumentException.class, step::run).getMessage());
        }
        assertEquals(0, vfs.snapshot().nrpages());
    }

    @Test
    void refusedPageSteps_sayWhatThePageIs_inEachState() {
        Vfs vfs = seq();
        vfs.open("A");
        assertImpossible("cannot start writeback of page 0: it is not in the page cache, not dirty",
                () -> vfs.writebackStart(0));
        assertImpossible("cannot evict page 0: it is not in the page cache", () -> vfs.evictPage(0));
        vfs.write("A", 0);
        assertImpossible("cannot evict page 0: it is dirty", () -> vfs.evictPage(0));
        assertImpossible("cannot end writeback of page 0: it is dirty, not under writeback",
                () -> vfs.writebackEnd(0, WritebackOutcome.OK));
        vfs.writebackStart(0);
        assertImpossible("cannot evict page 0: it is under writeback", () -> vfs.evictPage(0));
        assertImpossible("cannot start writeback of page 0: it is under writeback, not dirty",
                () -> vfs.writebackStart(0));
        vfs.writebackEnd(0, WritebackOutcome.OK);
        assertImpossible("cannot end writeback of page 0: it is clean, not under writeback",
                () -> vfs.writebackEnd(0, WritebackOutcome.OK));
        assertImpossible("cannot start writeback of page 0: it is clean, not dirty", () -> vfs.writebackStart(0));
    }

    @Test
    void snapshotHas_tellsWhichLegacyFlagsAreSet() {
        Vfs vfs = Vfs.builder(Variant.LEGACY_FLAGS).waiting(Waiting.REFUSE).build();
        vfs.open("A");
        vfs.write("A", 0);
        vfs.writeback(0, WritebackOutcome.ENOSPC);
        assertTrue(vfs.snapshot().has(LegacyFlag.AS_ENOSPC));
        assertFalse(vfs.snapshot().has(LegacyFlag.AS_EIO));
    }

    @Test
    void names_areTheVariantIds_andVfsShowsItsVariantAndState() {
        for (Variant v : Variant.values()) {
            assertEquals(v.id(), v.toString());
        }
        Vfs vfs = seq();
        assertEquals("Vfs[v4.17] " + vfs.snapshot(), vfs.toString());
        assertEquals("ok", WritebackOutcome.OK.id());
        assertEquals("EIO", WritebackOutcome.EIO.id());
        assertEquals(WritebackOutcome.ENOSPC, WritebackOutcome.fromId("ENOSPC"));
        assertEquals("ok, EIO or ENOSPC", WritebackOutcome.validIds());
        assertEquals("unknown writeback outcome 'eio': expected ok, EIO or ENOSPC",
                assertThrows(IllegalArgumentException.class, () -> WritebackOutcome.fromId("eio")).getMessage());
    }
}
