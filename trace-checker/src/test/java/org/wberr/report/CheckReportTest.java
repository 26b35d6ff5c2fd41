package org.wberr.report;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> changes(String a, String b) throws Exception {
        List<String> lines = new ArrayList<>();
        CheckReport.changes("v", JSON.readTree(a), JSON.readTree(b), lines);
        return lines;
    }

    @Test
    void changes_nestedRecordsAndFunctions_listOnlyTheChangedParts() throws Exception {
        assertEquals(List.of("v.bitmap.dirty: FALSE -> TRUE"),
                changes("{\"bitmap\": {\"dirty\": false, \"uptodate\": true}}",
                        "{\"bitmap\": {\"dirty\": true, \"uptodate\": true}}"));
        assertEquals(List.of("v[a]: 0 -> 1"),
                changes("{\"#map\": [[{\"#unserializable\": \"a\"}, 0], [{\"#unserializable\": \"b\"}, 0]]}",
                        "{\"#map\": [[{\"#unserializable\": \"a\"}, 1], [{\"#unserializable\": \"b\"}, 0]]}"));
        assertEquals(List.of("v[2]: \"x\" -> \"y\""), changes("[\"a\", \"x\"]", "[\"a\", \"y\"]"));
        assertEquals(List.of("v[\"not an id\"]: 1 -> 2"), changes("{\"not an id\": 1}", "{\"not an id\": 2}"));
    }

    @Test
    void changes_differentShapes_printTheWholeValues() throws Exception {
        assertEquals(List.of("v: <<>> -> [A |-> 0]"), changes("[]", "{\"A\": 0}"));
        assertEquals(List.of("v: {1} -> {1, 2}"), changes("{\"#set\": [1]}", "{\"#set\": [1, 2]}"));
        assertEquals(List.of("v: <<1>> -> <<1, 2>>"), changes("[1]", "[1, 2]"));
        assertEquals(List.of("v: [a |-> 1] -> [b |-> 1]"), changes("{\"a\": 1}", "{\"b\": 1}"));
    }

    @Test
    void changes_equalValues_nothing() throws Exception {
        assertEquals(List.of(), changes("{\"a\": [1, {\"#set\": []}]}", "{\"a\": [1, {\"#set\": []}]}"));
    }

    @Test
    void action_printsParametersInTlaNotation() throws Exception {
        JsonNode picks = JSON.readTree("{\"fd\": \"A\", \"p\": 0, \"f\": {\"#unserializable\": \"a\"}}");
        assertEquals("Write(fd=\"A\", p=0, f=a)", CheckReport.action("Write", picks));
        assertEquals("Commit", CheckReport.action("Commit", JSON.readTree("{}")));
    }
}
