package org.wberr.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed scenario file.
 *
 * @param source      the file as the user named it (used in every message: {@code source:line})
 * @param variant     the id of its {@code variant} line, if it has one
 * @param variantLine the line of that {@code variant} line, 0 if none
 * @param steps       the steps in file order
 * @param subject     the name of its subject ({@link Grammar#subject()}): its {@code subject} line, else the default
 * @param headers     the values of its subject's header lines, by keyword ({@code errors} -> {@code remount-ro})
 * @param text        the text it was parsed from (the spec judge's child JVM parses it again)
 */
public record Scenario(String source, Optional<String> variant, int variantLine, List<Step> steps, String subject,
                       Map<String, String> headers, String text) {

    public Scenario {
        steps = List.copyOf(steps);
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The value of the header line {@code keyword}, if the file has one. */
    public Optional<String> header(String keyword) {
        return Optional.ofNullable(headers.get(keyword));
    }

    /** {@code source:line}, the prefix of every message about a line. */
    public String at(int line) {
        return source + ":" + line;
    }
}
