package org.wberr.scenario;

import java.util.List;
import java.util.function.Consumer;

/**
 * The steps of one subject's scenarios: their keywords and how each is read from its line. The
 * {@link ScenarioParser} does the rest, the same for every subject: comments and blank lines, the
 * {@code subject} and {@code variant} lines, the subject's header lines, {@code => RESULT}, and every message.
 */
public interface Grammar {

    /** The subject's name, as a scenario's first line gives it: {@code subject NAME}. */
    String subject();

    /** The step keywords, in the order messages list them. */
    List<String> steps();

    /** Lines the subject adds before its steps (ext4: {@code errors MODE}), each at most once. */
    default List<Header> headers() {
        return List.of();
    }

    /** The steps that take {@code => RESULT}, for the message when another step has one: "fsync and stat". */
    String returning();

    /** Reads the step {@code keyword} (one of {@link #steps()}) from the rest of {@code line}, to its end. */
    Step step(String keyword, Tokens line);

    /**
     * Checks each step of one file, in order, against the steps before it (fsync: an fd is opened before it is
     * used); a step that fails throws the parser's error naming it. A fresh checker per file.
     */
    default Consumer<Step> checker(String source) {
        return step -> { };
    }

    /**
     * A header line: {@code keyword VALUE}, VALUE one of {@code values}.
     *
     * @param keyword its first word
     * @param what    what VALUE is, for messages ("an errors= mode")
     * @param values  the values it takes, in the order messages list them
     */
    record Header(String keyword, String what, List<String> values) {
        public Header {
            values = List.copyOf(values);
        }
    }
}
