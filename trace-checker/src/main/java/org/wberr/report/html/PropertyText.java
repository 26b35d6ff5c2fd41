package org.wberr.report.html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A property's text as its spec states it: the comment lines just above its definition and the definition, up to the
 * next blank line, from the first {@code specs/*.tla} that defines it.
 */
final class PropertyText {
    private PropertyText() {
    }

    /** The text of {@code name}'s definition in a module of {@code specsDir}, or null if none defines it. */
    static String find(Path specsDir, String name) {
        if (specsDir == null || name == null || !Files.isDirectory(specsDir)) {
            return null;
        }
        List<Path> modules;
        try (Stream<Path> files = Files.list(specsDir)) {
            modules = files.filter(f -> f.getFileName().toString().endsWith(".tla")).sorted().toList();
        } catch (IOException e) {
            return null;
        }
        for (Path m : modules) {
            List<String> lines;
            try {
                lines = Files.readAllLines(m, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue;
            }
            String text = in(lines, name);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    /** The definition of {@code name} in a module's lines, with the comment above it; null if not there. */
    static String in(List<String> lines, String name) {
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).matches("\\Q" + name + "\\E(\\(.*\\))?\\s*==.*")) {
                continue;
            }
            int start = i;
            while (start > 0 && lines.get(start - 1).trim().startsWith("\\*")) {
                start--;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).isBlank() && !lines.get(end).matches("[A-Za-z_]\\w*.*==.*")
                    && !lines.get(end).startsWith("====")) {
                end++;
            }
            List<String> text = new ArrayList<>(lines.subList(start, end));
            return String.join("\n", text).stripTrailing();
        }
        return null;
    }
}
