package org.wberr.tlc;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wberr.core.Display;
import org.wberr.core.WberrException;
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

    /** How long a message may quote TLC's words about a bad cfg. */
    private static final int MAX_ECHO = 300;

    /**
     * Parses the job's cfg. A cfg that TLC's parser rejects is bad input (exit 2): a {@link WberrException} whose
     * message starts with the cfg and goes on with what TLC said (its line and what it expected), on one line.
     */
    public static CfgFacts read(String specDir, String cfgFile) {
        String where = where(cfgFile);
        ModelConfig cfg = new ModelConfig(cfgFile, new SimpleFilenameToStream(specDir));
        try {
            cfg.parse();
        } catch (RuntimeException e) {
            // TLC's ConfigFileException names the line; anything else its parser throws (a number too big for an
            // int) is as much the cfg's fault.
            throw WberrException.badInput(where, "not a model TLC can read: " + echo(e));
        }
        String variant = null;
        ObjectNode constants = JsonNodeFactory.instance.objectNode();
        Vect<?> assigned = cfg.getConstants();
        for (int i = 0; i < assigned.size(); i++) {
            if (!(assigned.elementAt(i) instanceof Vect<?> line) || line.size() < 2) {
                continue;
            }
            String name = String.valueOf(line.elementAt(0));
            Object v = line.elementAt(line.size() - 1);
            if (line.size() != 2) {
                continue;
            }
            try {
                constants.set(name, v instanceof IValue value ? ItfEncoder.encode(value)
                        : ItfEncoder.unserializable(String.valueOf(v)));
                if ("Variant".equals(name)) {
                    if (v instanceof StringValue s) {
                        variant = s.val.toString();
                    } else if (v instanceof ModelValue m) {
                        variant = m.val.toString();
                    } else {
                        variant = String.valueOf(v);
                    }
                }
            } catch (RuntimeException e) {
                // A value TLC parses but cannot handle: a set of a set and a number, which TLC cannot order.
                throw WberrException.badInput(where, "CONSTANT " + name + ": not a value TLC can use: " + echo(e));
            }
        }
        for (Map.Entry<String, String> o : new TreeMap<>(cfg.getOverrides()).entrySet()) {
            constants.set(o.getKey(), ItfEncoder.unserializable("<- " + o.getValue()));
        }
        return new CfgFacts(strings(cfg.getInvariants()), strings(cfg.getProperties()), variant, constants);
    }

    private static String where(String cfgFile) {
        try {
            return Display.path(Path.of(cfgFile));
        } catch (InvalidPathException e) {
            return cfgFile;
        }
    }

    /** TLC's message on one line, at most {@link #MAX_ECHO} characters. */
    private static String echo(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.strip().replaceAll("\\s*\\R\\s*", " ");
        return m.length() <= MAX_ECHO ? m : m.substring(0, MAX_ECHO) + "...";
    }

    static List<String> strings(Vect<?> v) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(String.valueOf(v.elementAt(i)));
        }
        return out;
    }
}
