package org.wberr.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import org.wberr.model.step.Errno;

/**
 * One step of a scenario: the line it came from, its text, and what it states: the result it is expected to
 * return ({@code => RESULT}), or, for an observation step such as ext4's {@code expect}, the state it expects.
 * Each subject defines its steps as records of a sealed interface with its own visitor (the fsync subject's
 * {@code FsyncStep}, ext4's {@code Ext4Step}), so that every judge of that subject must answer every step;
 * the stages that are the same for all subjects (parsing, comparing, printing) see only this interface.
 */
public interface Step {

    /** The 1-based line of the scenario file the step is on. */
    int line();

    /**
     * The expected result, kernel style (0 or a negative errno), if the file states one; none for a step that
     * returns nothing (a step that returns something has it as a record component).
     */
    default OptionalInt expected() {
        return OptionalInt.empty();
    }

    /** The step as written, in canonical form, without the expectation: {@code writeback 0 EIO}. */
    String text();

    /** Whether the step returns a result that {@code => RESULT} can state (fsync and stat do). */
    default boolean returnsValue() {
        return false;
    }

    /**
     * For an observation step: the state it states, key by key in the file's order ({@code memory -> {1,2}});
     * empty for every other step.
     */
    default Map<String, String> expectedValues() {
        return Map.of();
    }

    /**
     * For an observation step: what it states, in canonical form ({@code memory={1,2} disk={1}}); the judge
     * answers with what it observes in the same form, and the two must be equal.
     */
    default Optional<String> expectedObservation() {
        return expectedValues().isEmpty() ? Optional.empty() : Optional.of(observation(expectedValues()));
    }

    /**
     * Whether an observation (the canonical form, perhaps of only some of the stated keys) agrees with what a step
     * states: it observed at least one key, and every key it observed has the stated value. "impossible" or "done"
     * never agree with a statement.
     */
    static boolean agrees(Map<String, String> stated, String observation) {
        Map<String, String> seen = parseObservation(observation);
        return !seen.isEmpty() && seen.entrySet().stream().allMatch(e -> e.getValue().equals(stated.get(e.getKey())));
    }

    /** The keys and values of an observation in canonical form; empty if it is not one ("impossible", "done"). */
    static Map<String, String> parseObservation(String observation) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : observation.strip().split(" ")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return Map.of();
            }
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }

    /** KEY=VALUE pairs in order, blank-separated: the canonical form of an observation. */
    static String observation(Map<String, String> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /** The text of a result as scenarios write it: 0, EIO, ENOSPC or EROFS. */
    static String result(int value) {
        return Errno.name(value);
    }
}
