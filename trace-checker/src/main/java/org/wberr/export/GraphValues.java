package org.wberr.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.wberr.conformance.GraphConformance;
import org.wberr.itf.ItfJson;
import org.wberr.itf.ItfValue;

/**
 * An explored state graph's states and labels as ITF values, each decoded once, for conformance on the graph
 * ({@link GraphConformance}).
 */
public final class GraphValues implements GraphConformance.Graph {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final StateSpace space;
    private final List<String> vars;
    private final List<Map<String, ItfValue>> states;
    private final Map<Integer, Map<String, ItfValue>> picks = new HashMap<>();

    /** The values of {@code space}'s {@code count} explored states, projected on {@code vars}. */
    public GraphValues(StateSpace space, List<String> vars, int count) {
        this.space = space;
        this.vars = vars;
        this.states = new ArrayList<>(Collections.nCopies(count, null));
    }

    @Override
    public Map<String, ItfValue> values(int state) {
        Map<String, ItfValue> known = states.get(state);
        if (known != null) {
            return known;
        }
        Map<String, ItfValue> decoded = decode(state);
        states.set(state, decoded);
        return decoded;
    }

    private Map<String, ItfValue> decode(int state) {
        // The state space keeps each state's JSON members without the braces.
        byte[] fields = space.stateJson(state);
        byte[] object = new byte[fields.length + 2];
        object[0] = '{';
        System.arraycopy(fields, 0, object, 1, fields.length);
        object[object.length - 1] = '}';
        JsonNode n = read(object);
        Map<String, ItfValue> m = new HashMap<>();
        for (String v : vars) {
            m.put(v, ItfJson.decode(n.get(v), v));
        }
        return m;
    }

    @Override
    public String action(int label) {
        return space.labelName(label);
    }

    @Override
    public Map<String, ItfValue> picks(int label) {
        return picks.computeIfAbsent(label, l -> {
            Map<String, ItfValue> m = new LinkedHashMap<>();
            read(space.labelParams(l)).fields().forEachRemaining(e ->
                    m.put(e.getKey(), ItfJson.decode(e.getValue(), e.getKey())));
            return m;
        });
    }

    private static JsonNode read(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
