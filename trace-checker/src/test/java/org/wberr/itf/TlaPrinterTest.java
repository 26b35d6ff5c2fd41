package org.wberr.itf;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TlaPrinterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource(delimiter = '|', value = {
        "true                                                 | TRUE",
        "42                                                   | 42",
        "'\"EIO\"'                                            | '\"EIO\"'",
        "'\"say \\\"hi\\\"\"'                                 | '\"say \\\"hi\\\"\"'",
        "{\"#bigint\": \"-12345678901234567890\"}             | -12345678901234567890",
        "{\"#unserializable\": \"fdA\"}                       | fdA",
        "{\"#set\": [1, 2]}                                   | '{1, 2}'",
        "{\"#set\": []}                                       | {}",
        "[1, \"x\"]                                           | '<<1, \"x\">>'",
        "{\"#tup\": [true]}                                   | <<TRUE>>",
        "{\"fd\": {\"#unserializable\": \"a\"}, \"n\": 3}     | '[fd |-> a, n |-> 3]'",
        "{\"#map\": [[{\"#unserializable\": \"a\"}, 0], [{\"#unserializable\": \"b\"}, 1]]} | '(a :> 0 @@ b :> 1)'",
        "{\"#map\": []}                                       | <<>>",
    })
    void print_givesTlaNotation(String json, String tla) throws Exception {
        assertEquals(tla, TlaPrinter.print(JSON.readTree(json)));
    }
}
