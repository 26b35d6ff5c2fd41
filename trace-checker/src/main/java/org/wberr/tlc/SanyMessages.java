package org.wberr.tlc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.wberr.core.Display;

/**
 * Turns what SANY (TLC's parser) prints about a spec it cannot parse into one message per error,
 * {@code specs/Broken.tla: line 7, col 20: <SANY's message>}. SANY reports errors only as text (its
 * {@code Errors} objects hold strings), so this reads the text. Recognized: syntax errors
 * ({@code ***Parse Error***} with {@code at line L, column C}), lexical errors, semantic errors
 * ({@code line L, col C to line L2, col C2 of module M} followed by the message) and modules that cannot be
 * found. Anything else falls back to SANY's own lines, so a message always reaches the user.
 */
public final class SanyMessages {
    private static final Pattern AT = Pattern.compile("at line (\\d+), column (\\d+)");
    private static final Pattern LEXICAL = Pattern.compile("Lexical error at line (\\d+), column (\\d+)\\.\\s*(.*)");
    private static final Pattern SEMANTIC =
            Pattern.compile("line (\\d+), col (\\d+) to line \\d+, col \\d+ of module (\\S+)");
    private static final Pattern MISSING =
            Pattern.compile("Cannot find source file for module (\\S+) imported in module (\\S+?)\\.?");

    private SanyMessages() {
    }

    /** The errors in SANY's {@code output}; {@code specDir} locates a module's file from its name. */
    public static List<String> parse(String output, Path specDir) {
        List<String> lines = output.lines().map(String::stripTrailing).toList();
        Set<String> out = new LinkedHashSet<>();
        String file = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher m;
            if (line.startsWith("Parsing file ")) {
                file = Display.path(Path.of(line.substring("Parsing file ".length()).strip()));
            } else if (line.equals("***Parse Error***")) {
                List<String> text = new ArrayList<>();
                int j = i + 1;
                for (; j < lines.size(); j++) {
                    String t = lines.get(j).strip();
                    if (t.startsWith("Residual stack trace") || (t.isEmpty() && !text.isEmpty())) {
                        break;
                    }
                    if (!t.isEmpty()) {
                        text.add(t);
                    }
                }
                i = j;
                String msg = String.join("; ", text);
                Matcher at = AT.matcher(msg);
                out.add(at.find() ? located(file, at.group(1), at.group(2), msg) : where(file) + msg);
            } else if ((m = LEXICAL.matcher(line)).find()) {
                out.add(located(file, m.group(1), m.group(2), "Lexical error: " + m.group(3)));
            } else if ((m = SEMANTIC.matcher(line)).matches()) {
                List<String> text = new ArrayList<>();
                int j = i + 1;
                for (; j < lines.size(); j++) {
                    String t = lines.get(j).strip();
                    if (t.isEmpty() && !text.isEmpty()) {
                        break;
                    }
                    if (SEMANTIC.matcher(t).matches()) {
                        j--;
                        break;
                    }
                    if (!t.isEmpty()) {
                        text.add(t);
                    }
                }
                i = j;
                out.add(located(moduleFile(specDir, m.group(3)), m.group(1), m.group(2), String.join(" ", text)));
            } else if ((m = MISSING.matcher(line)).matches()) {
                out.add(where(moduleFile(specDir, m.group(2))) + line);
            }
        }
        if (out.isEmpty()) {
            out.add(fallback(lines));
        }
        return List.copyOf(out);
    }

    private static String located(String file, String line, String col, String msg) {
        return where(file) + "line " + line + ", col " + col + ": " + msg;
    }

    private static String where(String file) {
        return file == null ? "" : file + ": ";
    }

    private static String moduleFile(Path specDir, String module) {
        Path p = specDir.resolve(module + ".tla");
        return Files.isRegularFile(p) ? Display.path(p) : "module " + module;
    }

    /** SANY's lines that are not progress chatter, up to 15. */
    private static String fallback(List<String> lines) {
        List<String> keep = new ArrayList<>();
        for (String l : lines) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("Parsing file") || t.startsWith("Semantic processing")
                    || t.startsWith("TLC2 Version") || t.startsWith("Running ") || t.startsWith("Starting...")
                    || t.startsWith("Finished in") || t.startsWith("Error: Parsing or semantic analysis failed")) {
                continue;
            }
            keep.add(t);
            if (keep.size() == 15) {
                break;
            }
        }
        return keep.isEmpty() ? "SANY could not parse the spec (it printed no reason)" : String.join("\n", keep);
    }
}
