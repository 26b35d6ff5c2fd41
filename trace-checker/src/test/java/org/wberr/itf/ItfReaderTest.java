package org.wberr.itf;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItfReaderTest {
    private static final Path FILE = Path.of("t.itf.json");

    private static ItfTrace parse(String json) {
        return ItfReader.parse(FILE, json);
    }

    private static String error(String json) {
        return assertThrows(ItfFormatException.class, () -> parse(json)).getMessage();
    }

    @Test
    void decodes_everyValueEncoding_asTlaValues() {
        ItfTrace t = parse("""
                {"#meta": {"spec": "Fsync", "kind": "coverage"},
                 "vars": ["s", "m", "t", "b", "r", "q", "u"],
                 "states": [{"#meta": {"index": 0},
                   "s": {"#set": [2, 1]},
                   "m": {"#map": [["A", 5], ["B", 0]]},
                   "t": {"#tup": [1, "x", true]},
                   "b": {"#bigint": "4294967295"},
                   "r": {"op": "fsync", "fd": "A"},
                   "q": [1, 2],
                   "u": {"#unserializable": "m1"}}]}
                """);
        ItfTrace.State s = t.states().get(0);
        assertEquals("Fsync", t.metaText("spec"));
        assertEquals(new ItfValue.SetV(Set.of(ItfValue.Int.of(1), ItfValue.Int.of(2))), s.get("s"));
        assertEquals(Map.of(new ItfValue.Str("A"), ItfValue.Int.of(5), new ItfValue.Str("B"), ItfValue.Int.of(0)),
                s.get("m").asFunction());
        assertEquals(new ItfValue.Tup(List.of(ItfValue.Int.of(1), new ItfValue.Str("x"), new ItfValue.Bool(true))),
                s.get("t"));
        assertEquals(new BigInteger("4294967295"), ((ItfValue.Int) s.get("b")).value());
        assertEquals("[op |-> \"fsync\", fd |-> \"A\"]", s.get("r").toString());
        assertEquals(Map.of(ItfValue.Int.of(1), ItfValue.Int.of(1), ItfValue.Int.of(2), ItfValue.Int.of(2)),
                s.get("q").asFunction());
        assertEquals("m1", s.get("u").toString());
        assertEquals(null, s.action());
    }

    @Test
    void setsAndMaps_compareWithoutOrder() {
        assertEquals(ItfJson.decode(parseNode("{\"#set\": [1, 2, 3]}"), "x"),
                ItfJson.decode(parseNode("{\"#set\": [3, 1, 2]}"), "x"));
        assertEquals(ItfJson.decode(parseNode("{\"#map\": [[1, true], [2, false]]}"), "x"),
                ItfJson.decode(parseNode("{\"#map\": [[2, false], [1, true]]}"), "x"));
    }

    @Test
    void encodeThenDecode_isTheSameValue_includingBigints() {
        ItfValue v = new ItfValue.Rec(Map.of(
                "big", new ItfValue.Int(BigInteger.ONE.shiftLeft(60)),
                "set", new ItfValue.SetV(Set.of(new ItfValue.Str("AS_EIO"))),
                "map", new ItfValue.MapV(Map.of(ItfValue.Int.of(0), new ItfValue.Str("dirty"))),
                "tup", new ItfValue.Tup(List.of(ItfValue.Int.of(-5)))));
        assertEquals(v, ItfJson.decode(ItfJson.encode(v), "v"));
        assertEquals("{\"#bigint\":\"1152921504606846976\"}", ItfJson.encode(((ItfValue.Rec) v).fields().get("big")).toString());
    }

    @Test
    void readsActionAndPicks_plainAndQuintOptionStyle() {
        ItfTrace t = parse("""
                {"vars": ["x"], "states": [
                  {"x": 0, "mbt::actionTaken": "init", "mbt::nondetPicks": {}},
                  {"x": 1, "mbt::actionTaken": "Fsync", "mbt::nondetPicks": {"fd": "A"}},
                  {"x": 2, "mbt::actionTaken": "Write",
                   "mbt::nondetPicks": {"fd": {"tag": "Some", "value": "B"}, "p": {"tag": "None", "value": {}}}}]}
                """);
        assertEquals("init", t.states().get(0).action());
        assertEquals(Map.of("fd", new ItfValue.Str("A")), t.states().get(1).picks());
        assertEquals(Map.of("fd", new ItfValue.Str("B")), t.states().get(2).picks());
    }

    @Test
    void malformedJson_namesFileLineAndColumn() {
        String msg = error("{\"vars\": [\"x\"],\n \"states\": [{\"x\": 1,}]}");
        assertTrue(msg.startsWith("t.itf.json: line 2, column 21: invalid JSON: Unexpected character ('}'"), msg);
    }

    @Test
    void notItfShape_saysWhatIsMissing() {
        assertEquals("t.itf.json: not an ITF trace: \"states\" must be an array of states",
                error("{\"vars\": [\"x\"]}"));
        assertEquals("t.itf.json: not an ITF trace: the top level must be a JSON object with \"vars\" and \"states\"",
                error("[1, 2]"));
    }

    @Test
    void missingVariable_namesStateAndVariable() {
        assertEquals("t.itf.json: states[1]: missing variable 'wb_err' (listed in \"vars\")",
                error("{\"vars\": [\"wb_err\"], \"states\": [{\"wb_err\": 0}, {}]}"));
    }

    @Test
    void unsupportedEncoding_namesThePath() {
        assertEquals("t.itf.json: states[0].x: unsupported value encoding \"#real\" (ITF knows #bigint, #tup, #set, "
                        + "#map, #unserializable)",
                error("{\"vars\": [\"x\"], \"states\": [{\"x\": {\"#real\": \"1.5\"}}]}"));
        assertEquals("t.itf.json: states[0].x: unsupported value 1.5 (ITF integers are whole numbers)",
                error("{\"vars\": [\"x\"], \"states\": [{\"x\": 1.5}]}"));
        assertEquals("t.itf.json: states[0].x.#map[0]: a #map entry must be a [key, value] pair, got [1]",
                error("{\"vars\": [\"x\"], \"states\": [{\"x\": {\"#map\": [[1]]}}]}"));
    }

    @Test
    void unknownField_inAState_isAnError() {
        assertEquals("t.itf.json: states[0]: 'y' is not a variable listed in \"vars\"",
                error("{\"vars\": [\"x\"], \"states\": [{\"x\": 0, \"y\": 1}]}"));
    }

    private static com.fasterxml.jackson.databind.JsonNode parseNode(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
