package org.wberr.tlc;

import java.util.ArrayList;
import java.util.List;

/** Reads TLC's printed text for the parts its structured messages do not carry well. */
public final class TlcText {
    private static final int MAX_LINES = 25;

    private TlcText() {
    }

    /**
     * TLC's error report: from the first line starting with {@code Error:} up to TLC's closing statistics,
     * at most 25 lines, without the {@code Error:} prefixes. Falls back to the last lines TLC printed.
     */
    public static String error(String output) {
        List<String> lines = output.lines().map(String::stripTrailing).toList();
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            if (!in && l.startsWith("Error:")) {
                in = true;
            }
            if (!in) {
                continue;
            }
            if (l.startsWith("Finished in") || l.matches("\\d+ states generated.*")
                    || l.startsWith("The number of states generated")) {
                break;
            }
            String t = l.startsWith("Error: ") ? l.substring("Error: ".length()) : l;
            if (t.isBlank() && (out.isEmpty() || out.get(out.size() - 1).isBlank())) {
                continue;
            }
            out.add(t);
            if (out.size() == MAX_LINES) {
                out.add("...");
                break;
            }
        }
        if (out.isEmpty()) {
            int from = Math.max(0, lines.size() - 10);
            out.addAll(lines.subList(from, lines.size()));
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
            out.remove(out.size() - 1);
        }
        return String.join("\n", out).strip();
    }
}
