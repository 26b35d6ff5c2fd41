package org.wberr.tlc;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wberr.core.Display;
import org.wberr.core.InputFiles;
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
    /** How deep a cfg's values may nest (the repository's nest 3 deep). */
    private static final int MAX_NESTING = 100;
    private static final Pattern DIGITS = Pattern.compile("\"(-?\\d+)\"");

    /**
     * Parses the job's cfg. A cfg that TLC's parser rejects is bad input (exit 2): a {@link WberrException} whose
     * message starts with the cfg and goes on with what TLC said (its line and what it expected), on one line.
     */
    public static CfgFacts read(String specDir, String cfgFile) {
        String where = where(cfgFile);
        String text = InputFiles.text(Path.of(cfgFile), where);
        if (text.isBlank()) {
            throw WberrException.badInput(where, "the cfg is empty (it needs SPECIFICATION, or INIT and NEXT)");
        }
        tooDeep(text, where);
        ModelConfig cfg = new ModelConfig(cfgFile, new SimpleFilenameToStream(specDir));
        try {
            cfg.parse();
        } catch (NumberFormatException e) {
            // TLC's integers are Java ints; its parser says which digits, not where.
            throw WberrException.badInput(where + lineOf(text, e), "not a model TLC can read: a number beyond TLC's"
                    + " integers (" + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE + "): " + echo(e));
        } catch (RuntimeException e) {
            // TLC's ConfigFileException names the line; anything else its parser throws is as much the cfg's fault.
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
        return Display.shorten(m.strip().replaceAll("\\s*\\R\\s*", " "), MAX_ECHO);
    }

    /**
     * Refuses a value nested deeper than {@link #MAX_NESTING} braces, brackets, parentheses or tuples, naming its
     * line: TLC's cfg parser recurses once per level and would die of a StackOverflowError.
     */
    private static void tooDeep(String text, String where) {
        int depth = 0;
        int line = 1;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                inString = false;
            } else if (!inString && text.startsWith("\\*", i)) {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (c == '"') {
                inString = !inString;
            } else if (!inString && (c == '{' || c == '[' || c == '(' || c == '<' && text.startsWith("<<", i))) {
                if (++depth > MAX_NESTING) {
                    throw WberrException.badInput(where + ":" + line, "a value nested deeper than " + MAX_NESTING
                            + " levels");
                }
            } else if (!inString && (c == '}' || c == ']' || c == ')' || c == '>' && text.startsWith(">>", i))) {
                depth = Math.max(0, depth - 1);
            }
        }
    }

    /** ":LINE" of the first line holding the digits a NumberFormatException names, or "" if none does. */
    private static String lineOf(String text, NumberFormatException e) {
        Matcher m = DIGITS.matcher(String.valueOf(e.getMessage()));
        if (m.find()) {
            String[] lines = text.split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains(m.group(1))) {
                    return ":" + (i + 1);
                }
            }
        }
        return "";
    }

    static List<String> strings(Vect<?> v) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(String.valueOf(v.elementAt(i)));
        }
        return out;
    }
}
