package org.wberr.itf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.wberr.core.InputFiles;
import org.wberr.core.WberrException;

/**
 * Reads ITF trace files, ours or other tools' (Apalache, Quint). Every problem is an
 * {@link ItfFormatException} whose message starts with the file and says where: line and column for
 * malformed JSON, the JSON path ({@code states[3].wb_err}) for a shape that is not ITF.
 */
public final class ItfReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    public static final String ACTION_TAKEN = "mbt::actionTaken";
    public static final String NONDET_PICKS = "mbt::nondetPicks";

    private ItfReader() {
    }

    public static ItfTrace read(Path file) {
        String text;
        try {
            text = InputFiles.text(file, String.valueOf(file));
        } catch (WberrException e) {
            throw new ItfFormatException(e.getMessage());
        }
        return parse(file, text);
    }

    public static ItfTrace parse(Path file, String text) {
        JsonNode root;
        try {
            root = InputFiles.json(MAPPER, text, String.valueOf(file));
        } catch (WberrException e) {
            throw new ItfFormatException(e.getMessage());
        }
        try {
            return fromJson(file, root);
        } catch (ItfFormatException e) {
            throw e.in(String.valueOf(file));
        }
    }

    private static ItfTrace fromJson(Path file, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new ItfFormatException("not an ITF trace: the top level must be a JSON object with "
                    + "\"vars\" and \"states\"");
        }
        JsonNode varsNode = root.get("vars");
        JsonNode statesNode = root.get("states");
        if (varsNode == null || !varsNode.isArray()) {
            throw new ItfFormatException("not an ITF trace: \"vars\" must be an array of variable names");
        }
        if (statesNode == null || !statesNode.isArray()) {
            throw new ItfFormatException("not an ITF trace: \"states\" must be an array of states");
        }
        List<String> vars = new ArrayList<>();
        for (int i = 0; i < varsNode.size(); i++) {
            if (!varsNode.get(i).isTextual()) {
                throw new ItfFormatException("vars[" + i + "]: expected a variable name, got " + varsNode.get(i));
            }
            vars.add(varsNode.get(i).textValue());
        }
        List<ItfTrace.State> states = new ArrayList<>();
        for (int i = 0; i < statesNode.size(); i++) {
            states.add(state(i, statesNode.get(i), vars));
        }
        return new ItfTrace(file, root.get("#meta"), vars, states);
    }

    private static ItfTrace.State state(int i, JsonNode node, List<String> vars) {
        String path = "states[" + i + "]";
        if (!node.isObject()) {
            throw new ItfFormatException(path + ": a state must be a JSON object, got " + node);
        }
        Map<String, ItfValue> values = new LinkedHashMap<>();
        for (String var : vars) {
            JsonNode v = node.get(var);
            if (v == null) {
                throw new ItfFormatException(path + ": missing variable '" + var + "' (listed in \"vars\")");
            }
            values.put(var, ItfJson.decode(v, path + "." + var));
        }
        Set<String> known = new LinkedHashSet<>(vars);
        known.add("#meta");
        known.add(ACTION_TAKEN);
        known.add(NONDET_PICKS);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new ItfFormatException(path + ": '" + name + "' is not a variable listed in \"vars\"");
            }
        }
        String action = null;
        JsonNode a = node.get(ACTION_TAKEN);
        if (a != null) {
            if (!a.isTextual()) {
                throw new ItfFormatException(path + "." + ACTION_TAKEN + ": expected an action name, got " + a);
            }
            action = a.textValue();
        }
        Map<String, ItfValue> picks = new LinkedHashMap<>();
        JsonNode p = node.get(NONDET_PICKS);
        if (p != null) {
            if (!p.isObject()) {
                throw new ItfFormatException(path + "." + NONDET_PICKS + ": expected a record of parameters, got " + p);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                ItfValue v = unwrapOption(ItfJson.decode(f.getValue(), path + "." + NONDET_PICKS + "." + f.getKey()));
                if (v != null) {
                    picks.put(f.getKey(), v);
                }
            }
        }
        return new ItfTrace.State(i, values, action, picks);
    }

    /**
     * Quint writes each nondet pick as an option, {"tag": "Some", "value": v} or {"tag": "None", ...};
     * a plain value is taken as is. Returns null for None.
     */
    private static ItfValue unwrapOption(ItfValue v) {
        if (v instanceof ItfValue.Rec r && r.fields().get("tag") instanceof ItfValue.Str tag
                && r.fields().containsKey("value") && r.fields().size() == 2) {
            if (tag.value().equals("Some")) {
                return r.fields().get("value");
            }
            if (tag.value().equals("None")) {
                return null;
            }
        }
        return v;
    }
}
