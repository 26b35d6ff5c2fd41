package org.wberr.check;

import java.util.List;

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
 * @param export          what the child exported (null if it was not asked to)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResult(String status, Integer tlcCode, String verdict, Violation violation, Long distinctStates,
        Long statesGenerated, Integer depth, JsonNode counterexample, String message, Timings timings,
        Export export) {

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
     * @param export   exporting traces (re-parsing with FastTool if certification did not, exploring the state
     *                 graph, coverage and random walks, writing files)
     * @param total    from the parent starting the JVM to the result
     */
    public record Timings(long jvmStart, long parse, long check, long certify, long export, long total) {
    }

    static JobResult failed(String status, Integer tlcCode, String message, Timings timings) {
        return new JobResult(status, tlcCode, null, null, null, null, null, null, message, timings, null);
    }

    /** This result with {@code export}. */
    JobResult withExport(Export e) {
        return new JobResult(status, tlcCode, verdict, violation, distinctStates, statesGenerated, depth,
                counterexample, message, timings, e);
    }

    /**
     * What a child exported.
     *
     * @param config      the configuration's name
     * @param graph       the configuration's state graph, if this child explored it
     * @param coverage    the coverage traces' reach, if this child wrote them
     * @param files       the trace files written, paths relative to the output directory
     * @param millis      where the export's time went
     * @param coverageSkipped why this exporting job wrote no coverage traces although asked to (the state graph is
     *                    bigger than {@code --max-transitions}, or the model is checked by simulation); null if it
     *                    wrote them or was not asked to
     * @param error       why the export failed (then some files may be missing); null if it did not
     * @param errorStatus {@link #BAD_INPUT} (the spec cannot be evaluated in a state TLC did not reach) or
     *                    {@code export-failed} (a cross-check with TLC failed, or writing failed)
     * @param conformance the graph's transitions checked on model-java, if the job asked for it and the graph was
     *                    explored
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Export(String config, GraphFacts graph, Coverage coverage, String coverageSkipped,
            List<TraceFile> files, ExportTimings millis, String error, String errorStatus, GraphCheck conformance) {
    }

    /**
     * Conformance on the state graph: the coverage behaviours taken on model-java in memory.
     *
     * @param transitions the graph's transitions, every one taken by a behaviour
     * @param behaviours  behaviours taken
     * @param steps       implementation steps taken
     * @param compared    transitions compared with the spec's successor (each once; with no failure, all of them)
     * @param failures    behaviours that do not conform (at most the first few); each is written as a trace of kind
     *                    {@code nonconforming} (in {@code files})
     * @param first       the first failure, rendered (where the implementation parts from the spec); null if none
     * @param millis      the time it took
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GraphCheck(long transitions, int behaviours, long steps, long compared, int failures, String first,
            long millis) {
        public boolean conforms() {
            return failures == 0;
        }
    }

    /**
     * The reachable state graph under the cfg's constraints.
     *
     * @param states           distinct reachable states
     * @param transitions      distinct transitions (state, action with parameters, successor)
     * @param initialStates    initial states
     * @param depth            TLC's depth: the longest shortest path from an initial state, in states
     * @param generated        states generated as TLC counts them (initial ones, and every successor of every
     *                         action of every reachable state, before constraints and deduplication)
     * @param excluded         successors dropped by a CONSTRAINT or ACTION_CONSTRAINT
     * @param duplicates       successors repeating a transition of the same state (two actions, same label)
     * @param crossChecked     whether TLC's counts were compared (TLC explored the whole graph)
     */
    public record GraphFacts(long states, long transitions, long initialStates, int depth, long generated,
            long excluded, long duplicates, boolean crossChecked) {
    }

    /**
     * @param covered transitions the coverage traces take
     * @param total   transitions of the graph
     * @param traces  coverage traces
     * @param steps   steps of all coverage traces
     */
    public record Coverage(long covered, long total, int traces, long steps) {
    }

    /**
     * One trace file written.
     *
     * @param path  relative to the output directory
     * @param kind  counterexample, coverage or random
     * @param steps steps (states minus one)
     * @param bytes size of the file
     */
    public record TraceFile(String path, String kind, int steps, long bytes) {
    }

    /** Milliseconds: exploring the graph, computing coverage walks, random walks, encoding and writing files. */
    public record ExportTimings(long explore, long coverage, long random, long write, long total) {
    }
}
