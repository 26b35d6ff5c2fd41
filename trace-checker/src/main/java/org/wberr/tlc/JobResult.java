package org.wberr.tlc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a child JVM reports about one model, written as JSON to {@link JobSpec#resultFile()}.
 *
 * @param status          {@link #CHECKED}: TLC finished and {@code verdict} is meaningful; {@link #BAD_INPUT}:
 *                        the spec or cfg is wrong (parse error, cfg error, property not in the cfg, evaluation
 *                        error), see {@code message}; {@link #TLC_FAILED}: TLC itself failed (out of memory,
 *                        internal error); {@link #UNCERTIFIED}: TLC reported a counterexample that is not a
 *                        behaviour of the spec, or does not violate what TLC says it violates
 * @param tlcCode         TLC's result code (tlc2.output.EC: 0, 2110 invariant violated, ...), null if TLC did
 *                        not run
 * @param verdict         {@code holds}, {@code violated}, or {@code inconclusive} (TLC stopped on something
 *                        else: another invariant, a deadlock); null unless status is checked
 * @param violation       what TLC stopped on, null if nothing
 * @param distinctStates  distinct states found (exhaustive mode; at the stop if a violation stopped TLC)
 * @param statesGenerated states generated (both modes)
 * @param depth           the depth of the state graph search (exhaustive mode, complete runs)
 * @param counterexample  the violating behaviour as an ITF trace object ({@code vars}, {@code states} with
 *                        {@code mbt::actionTaken} and {@code mbt::nondetPicks}, {@code loop} for lassos)
 * @param message         for statuses other than checked: what went wrong, for the user (may span lines)
 * @param timings         where the child's time went
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResult(String status, Integer tlcCode, String verdict, Violation violation, Long distinctStates,
        Long statesGenerated, Integer depth, JsonNode counterexample, String message, Timings timings) {

    public static final String CHECKED = "checked";
    public static final String BAD_INPUT = "bad-input";
    public static final String TLC_FAILED = "tlc-failed";
    public static final String UNCERTIFIED = "uncertified";

    /**
     * What stopped TLC.
     *
     * @param kind one of {@code invariant}, {@code initial-invariant} (violated by an initial state),
     *             {@code action-property}, {@code initial-property}, {@code temporal}, {@code deadlock}
     * @param name the invariant or property, null where TLC does not say (deadlock; temporal properties when
     *             the cfg lists several)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Violation(String kind, String name) {
        /** For people: "invariant TypeInv violated", "deadlock reached". */
        public String describe() {
            String what = name == null ? "" : " " + name;
            return switch (kind) {
                case "deadlock" -> "deadlock reached";
                case "initial-invariant" -> "invariant" + what + " violated in an initial state";
                case "initial-property" -> "property" + what + " violated in an initial state";
                case "action-property" -> "action property" + what + " violated";
                case "temporal" -> name == null ? "a temporal property violated (TLC does not say which)"
                        : "temporal property" + what + " violated";
                default -> kind + what + " violated";
            };
        }
    }

    /**
     * Milliseconds spent by the child.
     *
     * @param jvmStart from the parent starting the JVM to our main method (0 if unknown)
     * @param parse    reading the cfg (our pre-check and TLC's), SANY parsing and semantic analysis
     * @param check    after SANY: TLC's spec processing and set-up, the search or simulation, statistics
     * @param certify  re-parsing with FastTool, certifying and encoding the counterexample
     * @param total    from the parent starting the JVM to the result
     */
    public record Timings(long jvmStart, long parse, long check, long certify, long total) {
    }

    static JobResult failed(String status, Integer tlcCode, String message, Timings timings) {
        return new JobResult(status, tlcCode, null, null, null, null, null, null, message, timings);
    }
}
