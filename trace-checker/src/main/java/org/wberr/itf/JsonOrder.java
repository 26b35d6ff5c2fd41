package org.wberr.itf;

import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A total order on ITF values, used to write set elements and map keys in a canonical order that does not
 * depend on the tool that produced them: booleans (false first), then integers (by value), strings
 * (lexicographically), other tagged values such as model values ({@code #unserializable}, by text), sequences
 * and tuples, sets, maps, records; compound values of the same kind compare element by element.
 */
public final class JsonOrder implements Comparator<JsonNode> {
    public static final JsonOrder INSTANCE = new JsonOrder();

    private JsonOrder() {
    }

    @Override
    public int compare(JsonNode a, JsonNode b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case 0:
                return Boolean.compare(a.booleanValue(), b.booleanValue());
            case 1:
                return integer(a).compareTo(integer(b));
            case 2:
                return a.textValue().compareTo(b.textValue());
            case 3:
                return a.get("#unserializable").asText().compareTo(b.get("#unserializable").asText());
            case 4:
                return elements(list(a), list(b));
            case 5:
                return elements(a.get("#set"), b.get("#set"));
            case 6:
                return elements(a.get("#map"), b.get("#map"));
            default:
                return fields(a, b);
        }
    }

    private static int rank(JsonNode v) {
        if (v.isBoolean()) {
            return 0;
        }
        if (v.isIntegralNumber() || (v.isObject() && v.has("#bigint"))) {
            return 1;
        }
        if (v.isTextual()) {
            return 2;
        }
        if (v.isObject() && v.has("#unserializable")) {
            return 3;
        }
        if (v.isArray() || (v.isObject() && v.has("#tup"))) {
            return 4;
        }
        if (v.isObject() && v.has("#set")) {
            return 5;
        }
        if (v.isObject() && v.has("#map")) {
            return 6;
        }
        return 7;
    }

    private static java.math.BigInteger integer(JsonNode v) {
        return v.isObject() ? new java.math.BigInteger(v.get("#bigint").asText()) : v.bigIntegerValue();
    }

    private static JsonNode list(JsonNode v) {
        return v.isArray() ? v : v.get("#tup");
    }

    private int elements(JsonNode a, JsonNode b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private int fields(JsonNode a, JsonNode b) {
        Iterator<Map.Entry<String, JsonNode>> ia = a.properties().iterator();
        Iterator<Map.Entry<String, JsonNode>> ib = b.properties().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            Map.Entry<String, JsonNode> ea = ia.next();
            Map.Entry<String, JsonNode> eb = ib.next();
            int c = ea.getKey().compareTo(eb.getKey());
            if (c == 0) {
                c = compare(ea.getValue(), eb.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }
}
