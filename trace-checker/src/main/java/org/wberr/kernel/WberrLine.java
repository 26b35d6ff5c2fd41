package org.wberr.kernel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One protocol line of the kernel oracle (trace-checker/src/main/kernel/README.md, "Output: WBERR lines"):
 * {@code WBERR KIND key=value key="quoted value" ...}. Values never contain spaces except quoted ones, where
 * {@code \"}, {@code \\} and {@code \xHH} are the only escapes. Fields are kept in order; callers ignore keys
 * they do not know (the protocol may add fields).
 *
 * @param kind   hello, begin, step, kmsg, end, note, fatal, done, exit, host (or a kind added later)
 * @param fields the key=value fields, unescaped
 * @param raw    the line as read
 */
public record WberrLine(String kind, Map<String, String> fields, String raw) {

    public WberrLine {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The field's value, if the line has it. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    /** The field's value, or {@code otherwise}. */
    public String get(String key, String otherwise) {
        return fields.getOrDefault(key, otherwise);
    }

    /**
     * Parses a line; empty for a line that is not protocol (no {@code WBERR } prefix, or no kind). A token
     * without {@code =} is skipped; a quoted value cut off by the end of the line (a truncated run) keeps what
     * was read; a malformed escape is kept literally.
     */
    public static Optional<WberrLine> parse(String line) {
        if (line == null) {
            return Optional.empty();
        }
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (!l.startsWith("WBERR ")) {
            return Optional.empty();
        }
        int i = "WBERR ".length();
        int n = l.length();
        int kindEnd = i;
        while (kindEnd < n && l.charAt(kindEnd) != ' ') {
            kindEnd++;
        }
        String kind = l.substring(i, kindEnd);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        i = kindEnd;
        while (i < n) {
            while (i < n && l.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && l.charAt(i) != ' ' && l.charAt(i) != '=') {
                i++;
            }
            if (i >= n || l.charAt(i) == ' ') {
                continue; // a bare word: not a field
            }
            String key = l.substring(start, i);
            i++; // '='
            StringBuilder value = new StringBuilder();
            if (i < n && l.charAt(i) == '"') {
                i++;
                while (i < n && l.charAt(i) != '"') {
                    char c = l.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        char e = l.charAt(i + 1);
                        if (e == '"' || e == '\\') {
                            value.append(e);
                            i += 2;
                            continue;
                        }
                        if (e == 'x' && i + 3 < n && hex(l.charAt(i + 2)) >= 0 && hex(l.charAt(i + 3)) >= 0) {
                            value.append((char) (hex(l.charAt(i + 2)) * 16 + hex(l.charAt(i + 3))));
                            i += 4;
                            continue;
                        }
                    }
                    value.append(c);
                    i++;
                }
                i++; // the closing quote (or past the end)
            } else {
                while (i < n && l.charAt(i) != ' ') {
                    value.append(l.charAt(i++));
                }
            }
            if (!key.isEmpty()) {
                fields.putIfAbsent(key, value.toString());
            }
        }
        return Optional.of(new WberrLine(kind, fields, l));
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
