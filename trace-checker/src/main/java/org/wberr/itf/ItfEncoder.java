package org.wberr.itf;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import tlc2.value.IValue;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.FcnRcdValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.IntervalValue;
import tlc2.value.impl.ModelValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.Value;

/**
 * Encodes TLC values as ITF JSON values (Apalache ADR-015, the Informal Trace Format).
 *
 * <p>The encoding is canonical: two values TLC considers equal get the same JSON, whatever their Java
 * class. This matters because TLC represents one TLA+ value several ways (the sequence {@code <<1, 2>>} is
 * a {@code TupleValue} or a {@code FcnRcdValue} over {@code 1..2}; a record is a {@code RecordValue} or a
 * function over strings; {@code 1..3} is an {@code IntervalValue} or a {@code SetEnumValue}), and traces
 * are compared by equality later. The rules:
 * <ul>
 * <li>booleans, strings: JSON booleans and strings; integers: JSON numbers (TLC's integers are 32-bit,
 * far inside JSON's exact range; {@link #integer} writes {@code {"#bigint": "..."}} beyond 2^53 for other
 * callers);</li>
 * <li>finite sets: {@code {"#set": [...]}}, elements sorted by {@link JsonOrder} (not TLC's order, which
 * sorts strings and model values by when the parser first saw them);</li>
 * <li>functions, records, tuples and sequences are all TLA+ functions, encoded by their domain: an empty
 * domain gives {@code []}, the domain {@code 1..n} gives a JSON array (a sequence), a domain of strings a
 * JSON object (a record, fields sorted by name; unless a key starts with {@code #}), anything else
 * {@code {"#map": [[k, v], ...]}} with keys sorted by {@link JsonOrder}. ITF's {@code {"#tup": [...]}} is
 * never written: TLC cannot tell a tuple from a sequence, and equal values must encode equally;</li>
 * <li>model values (TLC's uninterpreted constants, e.g. {@code a} in {@code Fds = {a, b}}):
 * {@code {"#unserializable": "a"}}, which keeps them distinct from the string {@code "a"};</li>
 * <li>anything else (an infinite set such as {@code Nat}, an operator): {@code {"#unserializable": "<TLA+
 * text>"}}.</li>
 * </ul>
 */
public final class ItfEncoder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long MAX_SAFE = (1L << 53) - 1;

    private ItfEncoder() {
    }

    /** The ITF encoding of {@code value}. */
    public static JsonNode encode(IValue value) {
        if (value instanceof BoolValue b) {
            return JSON.booleanNode(b.val);
        }
        if (value instanceof IntValue i) {
            return integer(i.val);
        }
        if (value instanceof StringValue s) {
            return JSON.textNode(s.val.toString());
        }
        if (value instanceof ModelValue m) {
            return unserializable(m.val.toString());
        }
        if (value instanceof Value v) {
            Value fcn = asFunction(v);
            if (fcn instanceof FcnRcdValue f) {
                return function(f);
            }
            Value set = asSet(v);
            if (set instanceof SetEnumValue s) {
                List<JsonNode> elems = new ArrayList<>();
                for (int i = 0; i < s.elems.size(); i++) {
                    elems.add(encode(s.elems.elementAt(i)));
                }
                elems.sort(JsonOrder.INSTANCE);
                ObjectNode o = JSON.objectNode();
                o.set("#set", JSON.arrayNode().addAll(elems));
                return o;
            }
        }
        return unserializable(String.valueOf(value));
    }

    /** An integer: a JSON number within JSON's exact range [-(2^53)+1, 2^53-1], else {"#bigint": "..."}. */
    public static JsonNode integer(long x) {
        if (x >= -MAX_SAFE && x <= MAX_SAFE) {
            return JSON.numberNode(x);
        }
        ObjectNode o = JSON.objectNode();
        o.put("#bigint", Long.toString(x));
        return o;
    }

    /** {@code {"#unserializable": text}}. */
    public static JsonNode unserializable(String text) {
        ObjectNode o = JSON.objectNode();
        o.put("#unserializable", text);
        return o;
    }

    private static Value asFunction(Value v) {
        if (v instanceof SetEnumValue || v instanceof IntervalValue) {
            return null;
        }
        try {
            Value f = v.toFcnRcd();
            return f == null ? null : f.normalize();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Value asSet(Value v) {
        try {
            if (!(v instanceof tlc2.value.impl.Enumerable e) || !e.isFinite()) {
                return null;
            }
            Value s = v.toSetEnum();
            return s == null ? null : s.normalize();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static JsonNode function(FcnRcdValue f) {
        List<Value> domain = new ArrayList<>();
        if (f.intv != null) {
            for (int k = f.intv.low; k <= f.intv.high; k++) {
                domain.add(IntValue.gen(k));
            }
        } else {
            domain.addAll(List.of(f.domain));
        }
        Value[] values = f.values;
        int n = domain.size();
        if (n == 0) {
            return JSON.arrayNode();
        }
        JsonNode[] seq = asSequence(domain, values);
        if (seq != null) {
            ArrayNode a = JSON.arrayNode();
            for (JsonNode x : seq) {
                a.add(x);
            }
            return a;
        }
        if (domain.stream().allMatch(d -> d instanceof StringValue s && !s.val.toString().startsWith("#"))) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                fields.put(((StringValue) domain.get(i)).val.toString(), encode(values[i]));
            }
            ObjectNode rec = JSON.objectNode();
            fields.forEach(rec::set);
            return rec;
        }
        List<ArrayNode> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ArrayNode pair = JSON.arrayNode();
            pair.add(encode(domain.get(i)));
            pair.add(encode(values[i]));
            pairs.add(pair);
        }
        pairs.sort((p, q) -> JsonOrder.INSTANCE.compare(p.get(0), q.get(0)));
        ObjectNode o = JSON.objectNode();
        o.set("#map", JSON.arrayNode().addAll(pairs));
        return o;
    }

    /** The values in index order if the domain is exactly 1..n, else null. */
    private static JsonNode[] asSequence(List<Value> domain, Value[] values) {
        int n = domain.size();
        JsonNode[] seq = new JsonNode[n];
        for (int i = 0; i < n; i++) {
            if (!(domain.get(i) instanceof IntValue iv) || iv.val < 1 || iv.val > n || seq[iv.val - 1] != null) {
                return null;
            }
            seq[iv.val - 1] = encode(values[i]);
        }
        return seq;
    }
}
