package org.wberr.model.ext4;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a buffer_head prints as in messages and lock names. */
class BufferHeadNameTest {

    @Test
    void aBuffer_isNamedAfterItsBlock() {
        assertEquals("buffer_head bitmap", new BufferHead("bitmap", () -> false).toString());
    }
}
