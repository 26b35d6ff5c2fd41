package org.wberr.itf;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The ITF value encoding (ADR-015), both ways: JSON to {@link ItfValue} and back. */
public final class ItfJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Integers beyond +-2^53 are written as {"#bigint": "..."} so that any JSON reader keeps them exact. */
    private static final BigInteger SAFE = BigInteger.ONE.shiftLeft(53);

    private ItfJson() {
    }

    /**
     * Decodes a value. {@code path} names where it is (e.g. {@code states[3].page}) for the message
     * of an {@link ItfFormatException}.
     */
    public static ItfValue decode(JsonNode node, String path) {
        if (node.isBoolean()) {
            return new ItfValue.Bool(node.booleanValue());
        }
        if (node.isIntegralNumber()) {
            return new ItfValue.Int(node.bigIntegerValue());
        }
        if (node.isTextual()) {
            return new ItfValue.Str(node.textValue());
        }
        if (node.isArray()) {
            return new ItfValue.Seq(decodeAll(node, path));
        }
        if (node.isObject()) {
            if (node.has("#bigint")) {
                JsonNode v = only(node, "#bigint", path);
                try {
                    return new ItfValue.Int(new BigInteger(v.asText()));
                } catch (NumberFormatException e) {
                    throw new ItfFormatException(path + ": #bigint \"" + v.asText() + "\" is not an integer");
                }
            }
            if (node.has("#tup")) {
                return new ItfValue.Tup(decodeAll(array(only(node, "#tup", path), path + ".#tup"), path + ".#tup"));
            }
            if (node.has("#set")) {
                return new ItfValue.SetV(new LinkedHashSet<>(
                        decodeAll(array(only(node, "#set", path), path + ".#set"), path + ".#set")));
            }
            if (node.has("#map")) {
                JsonNode pairs = array(only(node, "#map", path), path + ".#map");
                Map<ItfValue, ItfValue> entries = new LinkedHashMap<>();
                for (int i = 0; i < pairs.size(); i++) {
                    String p = path + ".#map[" + i + "]";
                    JsonNode pair = pairs.get(i);
                    if (!pair.isArray() || pair.size() != 2) {
                        throw new ItfFormatException(p + ": a #map entry must be a [key, value] pair, got " + pair);
                    }
                    entries.put(decode(pair.get(0), p + "[0]"), decode(pair.get(1), p + "[1]"));
                }
                return new ItfValue.MapV(entries);
            }
            if (node.has("#unserializable")) {
                return new ItfValue.Unserializable(only(node, "#unserializable", path).asText());
            }
            Map<String, ItfValue> fields = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().startsWith("#")) {
                    throw new ItfFormatException(path + ": unsupported value encoding \"" + f.getKey()
                            + "\" (ITF knows #bigint, #tup, #set, #map, #unserializable)");
                }
                fields.put(f.getKey(), decode(f.getValue(), path + "." + f.getKey()));
            }
            return new ItfValue.Rec(fields);
        }
        throw new ItfFormatException(path + ": unsupported value " + node
                + (node.isNumber() ? " (ITF integers are whole numbers)" : ""));
    }

    /** Encodes a value as ITF JSON. */
    public static JsonNode encode(ItfValue value) {
        if (value instanceof ItfValue.Bool b) {
            return JSON.booleanNode(b.value());
        }
        if (value instanceof ItfValue.Int i) {
            if (i.value().abs().compareTo(SAFE) < 0) {
                return JSON.numberNode(i.value().longValue());
            }
            return JSON.objectNode().put("#bigint", i.value().toString());
        }
        if (value instanceof ItfValue.Str s) {
            return JSON.textNode(s.value());
        }
        if (value instanceof ItfValue.Seq s) {
            return encodeAll(s.items());
        }
        if (value instanceof ItfValue.Tup t) {
            ObjectNode o = JSON.objectNode();
            o.set("#tup", encodeAll(t.items()));
            return o;
        }
        if (value instanceof ItfValue.SetV s) {
            ObjectNode o = JSON.objectNode();
            o.set("#set", encodeAll(s.items()));
            return o;
        }
        if (value instanceof ItfValue.MapV m) {
            ArrayNode pairs = JSON.arrayNode();
            m.entries().forEach((k, v) -> pairs.add(JSON.arrayNode().add(encode(k)).add(encode(v))));
            ObjectNode o = JSON.objectNode();
            o.set("#map", pairs);
            return o;
        }
        if (value instanceof ItfValue.Rec r) {
            ObjectNode o = JSON.objectNode();
            r.fields().forEach((k, v) -> o.set(k, encode(v)));
            return o;
        }
        return JSON.objectNode().put("#unserializable", ((ItfValue.Unserializable) value).text());
    }

    private static ArrayNode encodeAll(Iterable<ItfValue> values) {
        ArrayNode a = JSON.arrayNode();
        values.forEach(v -> a.add(encode(v)));
        return a;
    }

    private static List<ItfValue> decodeAll(JsonNode array, String path) {
        List<ItfValue> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            out.add(decode(array.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private static JsonNode only(JsonNode node, String key, String path) {
        if (node.size() != 1) {
            Set<String> keys = new LinkedHashSet<>();
            node.fieldNames().forEachRemaining(keys::add);
            throw new ItfFormatException(path + ": " + key + " must be the only key of its object, found " + keys);
        }
        return node.get(key);
    }

    private static JsonNode array(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new ItfFormatException(path + ": expected a JSON array, got " + node);
        }
        return node;
    }
}
