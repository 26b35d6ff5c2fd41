package org.wberr.tlc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wberr.itf.ItfEncoder;

import tlc2.tool.impl.ModelConfig;
import tlc2.util.Vect;
import tlc2.value.IValue;
import tlc2.value.impl.ModelValue;
import tlc2.value.impl.StringValue;
import util.SimpleFilenameToStream;

/**
 * What a cfg says, read with TLC's own cfg parser before TLC runs, so that a manifest entry that does not
 * match its cfg is caught before spending a model-checking run on it.
 *
 * @param invariants the INVARIANT entries
 * @param properties the PROPERTY entries
 * @param variant    the value of the constant {@code Variant} ({@code Variant = "v4.17"} or a model value),
 *                   null if the cfg assigns no constant of that name
 * @param constants  every CONSTANT the cfg assigns ({@code Name = value}), ITF-encoded, in the cfg's order; a
 *                   substitution ({@code Name <- Op}) as {@code {"#unserializable": "<- Op"}}
 */
public record CfgFacts(List<String> invariants, List<String> properties, String variant, ObjectNode constants) {

    /** Parses the job's cfg; throws TLC's {@code ConfigFileException} (a RuntimeException) on a bad cfg. */
    public static CfgFacts read(String specDir, String cfgFile) {
        ModelConfig cfg = new ModelConfig(cfgFile, new SimpleFilenameToStream(specDir));
        cfg.parse();
        String variant = null;
        ObjectNode constants = JsonNodeFactory.instance.objectNode();
        Vect<?> assigned = cfg.getConstants();
        for (int i = 0; i < assigned.size(); i++) {
            if (!(assigned.elementAt(i) instanceof Vect<?> line) || line.size() < 2) {
                continue;
            }
            String name = String.valueOf(line.elementAt(0));
            Object v = line.elementAt(line.size() - 1);
            if (line.size() == 2) {
                constants.set(name, v instanceof IValue value ? ItfEncoder.encode(value)
                        : ItfEncoder.unserializable(String.valueOf(v)));
            }
            if (line.size() == 2 && "Variant".equals(name)) {
                if (v instanceof StringValue s) {
                    variant = s.val.toString();
                } else if (v instanceof ModelValue m) {
                    variant = m.val.toString();
                } else {
                    variant = String.valueOf(v);
                }
            }
        }
        for (Map.Entry<String, String> o : new TreeMap<>(cfg.getOverrides()).entrySet()) {
            constants.set(o.getKey(), ItfEncoder.unserializable("<- " + o.getValue()));
        }
        return new CfgFacts(strings(cfg.getInvariants()), strings(cfg.getProperties()), variant, constants);
    }

    static List<String> strings(Vect<?> v) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(String.valueOf(v.elementAt(i)));
        }
        return out;
    }
}
