package org.wberr.model.errseq;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What errseq_t values and cursors print as, and the message for an initial value outside the layout. */
class ErrseqNamesTest {

    @Test
    void initialValueOutsideTheLayout_isRefused_namingTheCounterWidthAndTheBitLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Errseq(2, 1 << 20));
        assertEquals("initial value 0x00100000 is not an errseq_t value with a 2-bit counter (zero, or an errno"
                + " with bits only below bit 15)", e.getMessage());
    }

    @Test
    void toString_describesTheValue_andACursorItsValue() {
        Errseq e = new Errseq(2);
        assertEquals("errseq 0x00000000 (zero)", e.toString());
        e.set(-5);
        ErrseqCursor c = new ErrseqCursor(e.sample(SampleSemantics.V4_13));
        assertEquals("errseq 0x00001005 (ctr=0 SEEN errno=5)", e.toString());
        assertEquals("cursor 0x00001005 (ctr=0 SEEN errno=5)", c.toString());
    }
}
