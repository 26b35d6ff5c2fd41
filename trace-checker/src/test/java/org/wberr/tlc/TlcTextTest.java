package org.wberr.tlc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TlcTextTest {
    @Test
    void error_keepsTlcsReportWithoutPrefixesOrStatistics() {
        String out = """
                Starting... (2026-11-21 13:50:40)
                Computing initial states...
                Error: TLC threw an unexpected exception.
                This was probably caused by an error in the spec or model.
                The error occurred when TLC was evaluating the nested
                expressions at the following positions:
                0. Line 5, column 9 to line 5, column 28 in EvalErr

                Error: The behavior up to this point is:
                State 1: <Initial predicate>
                x = 1

                3 states generated, 2 distinct states found, 0 states left on queue.
                Finished in 00s at (2026-11-21 13:50:45)
                """;
        assertEquals("""
                TLC threw an unexpected exception.
                This was probably caused by an error in the spec or model.
                The error occurred when TLC was evaluating the nested
                expressions at the following positions:
                0. Line 5, column 9 to line 5, column 28 in EvalErr

                The behavior up to this point is:
                State 1: <Initial predicate>
                x = 1""", TlcText.error(out));
    }

    @Test
    void error_withoutErrorLine_givesTheLastLines() {
        assertEquals("a\nb", TlcText.error("a\nb\n"));
    }
}
