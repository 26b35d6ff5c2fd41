package org.wberr.itf;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An ITF trace: its trace-level {@code #meta}, the names of its variables, and its states. Each state
 * carries the values of the variables and, when the trace has them, the model-based-testing fields
 * {@code mbt::actionTaken} and {@code mbt::nondetPicks} (as Quint writes them).
 */
public record ItfTrace(Path file, JsonNode meta, List<String> vars, List<State> states) {

    public ItfTrace {
        vars = List.copyOf(vars);
        states = List.copyOf(states);
    }

    /**
     * One state. {@code action} is the action that led to it ("init" for the first state; null if the
     * trace does not say), {@code picks} its parameters (empty if none or not recorded).
     */
    public record State(int index, Map<String, ItfValue> values, String action, Map<String, ItfValue> picks) {
        public State {
            // Keep the trace's order: parameters read best in the order the trace gives them.
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            picks = Collections.unmodifiableMap(new LinkedHashMap<>(picks));
        }

        public ItfValue get(String var) {
            ItfValue v = values.get(var);
            if (v == null) {
                throw new ItfFormatException("states[" + index + "]: no variable '" + var + "'");
            }
            return v;
        }
    }

    /** A string field of the trace-level #meta, or null. */
    public String metaText(String field) {
        JsonNode v = meta == null ? null : meta.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
