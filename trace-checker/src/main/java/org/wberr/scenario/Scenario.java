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
 * @param subject     what the scenario is about: {@value #FSYNC} (the default) or {@value #EXT4}
 * @param errors      subject ext4: the id of its {@code errors} line (the errors= mount option), if it has one
 * @param text        the text it was parsed from (the spec judge's child JVM parses it again)
 */
public record Scenario(String source, Optional<String> variant, int variantLine, List<Step> steps, String subject,
                       Optional<String> errors, String text) {
    /** The subject of fsync and errseq scenarios (DESIGN.md's core grammar). */
    public static final String FSYNC = "fsync";
    /** The subject of ext4 metadata writeback scenarios. */
    public static final String EXT4 = "ext4";

    public Scenario {
        steps = List.copyOf(steps);
    }

    /** {@code source:line}, the prefix of every message about a line. */
    public String at(int line) {
        return source + ":" + line;
    }
}
