package org.wberr.model.vfs;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wberr.model.step.Waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The mapping of an evicted inode ({@code I_FREEING}): every page operation on it throws
 * {@link AddressSpace.MappingFreedException}, which sends a caller that reached it without the inode back to the
 * current one ({@code Vfs.onLiveMapping}), and changes nothing. Only a thread that fetched the mapping before a
 * concurrent eviction can get there; here the test holds the mapping itself.
 */
class AddressSpaceFreedTest {
    private AddressSpace m;

    @BeforeEach
    void freedMappingWithADirtyPage() {
        m = new AddressSpace(Variant.V4_17, 2);
        m.dirty(0, Waiting.REFUSE);
        m.iPages.lock();
        try {
            m.markFreedLocked();
        } finally {
            m.iPages.unlock();
        }
    }

    private void assertFreed(Runnable op) {
        assertThrows(AddressSpace.MappingFreedException.class, op::run);
        assertEquals(1, m.nrpages(), "nothing changed");
        assertFalse(m.iPages.isHeldByCurrentThread(), "i_pages released");
    }

    @Test
    void everyPageOperation_onAFreedMapping_throwsMappingFreed_andChangesNothing() {
        assertFreed(() -> m.dirty(1, Waiting.REFUSE));
        assertFreed(() -> m.startWriteback(0));
        assertFreed(() -> m.endWriteback(0, WritebackOutcome.EIO));
        assertFreed(() -> m.evictPage(0));
        assertFreed(() -> m.writeAndWait(DevicePolicy.ALWAYS_OK, Waiting.REFUSE, "fsync"));
    }
}
