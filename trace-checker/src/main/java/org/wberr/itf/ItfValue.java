package org.wberr.itf;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A value of an ITF trace (Apalache ADR-015): the TLA+ value a spec variable or an action parameter
 * holds. Equality is TLA+ equality for each kind (sets and maps ignore order). {@link #toString()}
 * prints TLA+ notation, for diffs a human reads.
 */
public sealed interface ItfValue {

    record Bool(boolean value) implements ItfValue {
        @Override
        public String toString() {
            return value ? "TRUE" : "FALSE";
        }
    }

    /** An integer; ITF writes it as a JSON number or, beyond 2^53, as {@code {"#bigint": "..."}}. */
    record Int(BigInteger value) implements ItfValue {
        public static Int of(long v) {
            return new Int(BigInteger.valueOf(v));
        }

        public long longValue() {
            return value.longValueExact();
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    record Str(String value) implements ItfValue {
        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }

    /** A sequence (JSON array): the function 1..n -> items. */
    record Seq(List<ItfValue> items) implements ItfValue {
        public Seq {
            items = List.copyOf(items);
        }

        @Override
        public String toString() {
            return items.stream().map(Object::toString).collect(Collectors.joining(", ", "<<", ">>"));
        }
    }

    /** A tuple ({@code {"#tup": [...]}}). */
    record Tup(List<ItfValue> items) implements ItfValue {
        public Tup {
            items = List.copyOf(items);
        }

        @Override
        public String toString() {
            return items.stream().map(Object::toString).collect(Collectors.joining(", ", "<<", ">>"));
        }
    }

    /** A set ({@code {"#set": [...]}}). */
    record SetV(Set<ItfValue> items) implements ItfValue {
        public SetV {
            items = Collections.unmodifiableSet(new LinkedHashSet<>(items));
        }

        @Override
        public String toString() {
            return items.stream().map(Object::toString).sorted().collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /** A function ({@code {"#map": [[k, v], ...]}}). */
    record MapV(Map<ItfValue, ItfValue> entries) implements ItfValue {
        public MapV {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String toString() {
            if (entries.isEmpty()) {
                return "<<>>";
            }
            return entries.entrySet().stream().map(e -> e.getKey() + " :> " + e.getValue()).sorted()
                    .collect(Collectors.joining(" @@ ", "(", ")"));
        }
    }

    /** A record (a JSON object whose keys do not start with '#'). */
    record Rec(Map<String, ItfValue> fields) implements ItfValue {
        public Rec {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        @Override
        public String toString() {
            return fields.entrySet().stream().map(e -> e.getKey() + " |-> " + e.getValue())
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /** A value ITF cannot represent ({@code {"#unserializable": "..."}}), e.g. a TLC model value. */
    record Unserializable(String text) implements ItfValue {
        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * This value seen as a TLA+ function: a map, a record (string keys), or a sequence or tuple
     * (keys 1..n). TLC prints the empty function as {@code <<>>}, so an empty sequence is the empty
     * function too. Throws if this value is not a function.
     */
    default Map<ItfValue, ItfValue> asFunction() {
        if (this instanceof MapV m) {
            return m.entries();
        }
        if (this instanceof Rec r) {
            Map<ItfValue, ItfValue> out = new LinkedHashMap<>();
            r.fields().forEach((k, v) -> out.put(new Str(k), v));
            return out;
        }
        List<ItfValue> items = this instanceof Seq s ? s.items() : this instanceof Tup t ? t.items() : null;
        if (items == null) {
            throw new IllegalArgumentException("not a function: " + this);
        }
        Map<ItfValue, ItfValue> out = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            out.put(Int.of(i + 1), items.get(i));
        }
        return out;
    }

    /** The elements of a set value. */
    default Set<ItfValue> asSet() {
        if (this instanceof SetV s) {
            return s.items();
        }
        throw new IllegalArgumentException("not a set: " + this);
    }

    /** A copy of a list, for builders. */
    static List<ItfValue> list(Iterable<? extends ItfValue> values) {
        List<ItfValue> out = new ArrayList<>();
        values.forEach(out::add);
        return out;
    }
}
