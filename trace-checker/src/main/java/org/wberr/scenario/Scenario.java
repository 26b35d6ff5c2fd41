package org.wberr.scenario;

import java.util.List;
import java.util.Optional;

/**
 * A parsed scenario file.
 *
 * @param source      the file as the user named it (used in every message: {@code source:line})
 * @param variant     the id of its {@code variant} line, if it has one
 * @param variantLine the line of that {@code variant} line, 0 if none
 * @param steps       the steps in file order
 */
public record Scenario(String source, Optional<String> variant, int variantLine, List<Step> steps) {
    public Scenario {
        steps = List.copyOf(steps);
    }

    /** {@code source:line}, the prefix of every message about a line. */
    public String at(int line) {
        return source + ":" + line;
    }
}
