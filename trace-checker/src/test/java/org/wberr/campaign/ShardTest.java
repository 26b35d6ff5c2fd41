package org.wberr.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;

class ShardTest {

    @Test
    void parse_takesIOverN() {
        assertEquals(new Shard(2, 4), Shard.parse("2/4", "--shard"));
        assertEquals(new Shard(1, 1), Shard.parse(" 1/1 ", "--shard"));
        assertTrue(new Shard(2, 4).has(5));
        assertTrue(new Shard(4, 4).has(3));
        assertTrue(!new Shard(1, 4).has(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3", "0/4", "5/4", "1/0", "-1/4", "a/b", "1/2/3", "1 / 2", "9999999/9999999"})
    void malformed_isBadInput_namingTheOption(String text) {
        WberrException e = assertThrows(WberrException.class, () -> Shard.parse(text, "--shard"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("--shard") && e.getMessage().contains("I/N"), e.getMessage());
    }
}
