package org.wberr.report.html;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.wberr.itf.ItfValue;

/**
 * What a step changed: the values that differ between two states, each with its variable, the first key of its path
 * (the fd, page, block or observer it is about) and its path. Where both values are functions or records the keys
 * are compared one by one, so {@code f_wb_err["A"]} changes alone; a key only one side has changes from or to
 * nothing (null).
 */
final class Changes {

    /** One changed value; {@code key} is null for a whole variable, {@code before}/{@code after} null for absent. */
    record Change(String variable, ItfValue key, String path, ItfValue before, ItfValue after) {
    }

    private Changes() {
    }

    /** The changes from {@code before} to {@code after}, variable by variable in {@code vars}' order. */
    static List<Change> between(List<String> vars, Map<String, ItfValue> before, Map<String, ItfValue> after) {
        List<Change> out = new ArrayList<>();
        for (String v : vars) {
            diff(v, null, v, before.get(v), after.get(v), out);
        }
        return out;
    }

    private static void diff(String variable, ItfValue key, String path, ItfValue a, ItfValue b, List<Change> out) {
        if (a == null ? b == null : a.equals(b)) {
            return;
        }
        Map<ItfValue, ItfValue> fa = function(a);
        Map<ItfValue, ItfValue> fb = function(b);
        if (fa == null || fb == null) {
            out.add(new Change(variable, key, path, a, b));
            return;
        }
        Set<ItfValue> keys = new LinkedHashSet<>(fa.keySet());
        keys.addAll(fb.keySet());
        for (ItfValue k : keys) {
            // A variable's own keys are its actors (fds, blocks, observers): [A]; deeper, record fields: .dirty.
            boolean field = key != null && a instanceof ItfValue.Rec && k instanceof ItfValue.Str f
                    && f.value().matches("[A-Za-z_][A-Za-z0-9_]*");
            String name = k instanceof ItfValue.Str s ? s.value() : k.toString();
            String sub = field ? path + "." + name : path + "[" + name + "]";
            diff(variable, key == null ? k : key, sub, fa.get(k), fb.get(k), out);
        }
    }

    /** The value as a function (map, record, sequence), or null for anything else. */
    private static Map<ItfValue, ItfValue> function(ItfValue v) {
        if (v instanceof ItfValue.MapV || v instanceof ItfValue.Rec || v instanceof ItfValue.Seq
                || v instanceof ItfValue.Tup) {
            return v.asFunction();
        }
        return null;
    }
}
