package org.wberr.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wberr.core.AtomicFiles;
import org.wberr.core.Display;
import org.wberr.core.WberrException;
import org.wberr.tlc.CfgFacts;
import org.wberr.tlc.NoNetworkRmi;
import org.wberr.tlc.SanyMessages;
import org.wberr.tlc.SpecModel;
import org.wberr.tlc.TlcSession;
import org.wberr.tlc.TlcText;

import tlc2.output.EC;
import tlc2.tool.TLCState;

/**
 * Checks one model with TLC and writes a {@link JobResult}: the main class of a child JVM for one model, and the
 * work of each job of a {@link BatchJob} ({@link #runFile}).
 *
 * <p>Usage: {@code java -cp <wberr classpath> org.wberr.check.ModelJob JOB.json}. Steps:
 * <ol>
 * <li>read the cfg with TLC's cfg parser; the manifest's property must be one of its INVARIANT or PROPERTY
 * entries, and if it assigns a constant {@code Variant}, its value must be the manifest's variant;</li>
 * <li>run TLC in this JVM ({@link TlcSession});</li>
 * <li>classify TLC's result code: no violation, a violation (of the manifest's property or of something
 * else), a spec or cfg error (SANY's messages with file and line), or a failure of TLC itself;</li>
 * <li>for a violation, certify the counterexample with a fresh {@link SpecModel} (FastTool) in this JVM:
 * its first state must be initial, every step must be a step of one of the spec's actions (which also names
 * the action and its parameters), a lasso's closing step too, and the last state must violate the invariant
 * TLC names (or have no successor, for a deadlock). Temporal and action properties are not re-evaluated;</li>
 * <li>if the job asks for it ({@link JobSpec#export()}), export ITF traces with the same {@link SpecModel}
 * ({@link Exporter}): the certified counterexample, and for the job the parent chose per configuration, the state
 * graph's coverage traces and random walks (all of them, or check's sample), and with check the conformance of
 * model-java on every transition of the graph, in memory ({@code GraphConformance});</li>
 * <li>write the result JSON (atomically) and halt: TLC leaves non-daemon threads behind (the RMI reaper of
 * its fingerprint set, which is an RMI object), so the JVM would not exit by itself. {@link NoNetworkRmi}
 * keeps that RMI object off the network and the exit fast.</li>
 * </ol>
 *
 * <p>The child also halts if its parent dies, so a killed {@code wberr check} leaves no orphan TLC.
 */
public final class ModelJob {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Codes of TLC failures that are not about the spec: out of memory, internal errors, I/O. */
    private static final Set<Integer> TLC_FAILURES = Set.of(EC.SYSTEM_OUT_OF_MEMORY,
            EC.SYSTEM_OUT_OF_MEMORY_TOO_MANY_INIT, EC.SYSTEM_OUT_OF_MEMORY_LIVENESS, EC.SYSTEM_STACK_OVERFLOW,
            EC.TLC_BUG, EC.TLC_REPORTER_DIED, EC.SYSTEM_ERROR_READING_POOL, EC.SYSTEM_CHECKPOINT_RECOVERY_CORRUPT,
            EC.SYSTEM_ERROR_WRITING_POOL, EC.SYSTEM_ERROR_CLEANING_POOL, EC.SYSTEM_INDEX_ERROR,
            EC.SYSTEM_STREAM_EMPTY, EC.SYSTEM_FILE_NULL, EC.SYSTEM_INTERRUPTED, EC.SYSTEM_UNABLE_NOT_RENAME_FILE,
            EC.SYSTEM_DISK_IO_ERROR_FOR_FILE, EC.SYSTEM_METADIR_EXISTS, EC.SYSTEM_METADIR_CREATION_ERROR,
            EC.SYSTEM_UNABLE_TO_OPEN_FILE, EC.SYSTEM_ERROR_READING_STATES, EC.SYSTEM_ERROR_WRITING_STATES,
            EC.TLC_METADIR_EXISTS, EC.TLC_METADIR_CAN_NOT_BE_CREATED, EC.TLC_FAILED_TO_RECOVER_INIT,
            EC.TLC_FAILED_TO_RECOVER_NEXT, EC.TLC_FINGERPRINT_EXCEPTION, EC.WRONG_COMMANDLINE_PARAMS_TLC);

    private ModelJob() {
    }

    public static void main(String[] args) {
        long mainNanos = System.nanoTime();
        ChildJvm.runChild(() -> {
            if (args.length != 1) {
                throw new IllegalArgumentException("usage: ModelJob JOB.json");
            }
            NoNetworkRmi.install();
            runFile(args[0], mainNanos);
        });
    }

    /**
     * Checks the model of the job file {@code jobFile} and writes its result file: the work of one child JVM, or of
     * one job in a {@link BatchJob} (called there by reflection, in the class loader the batch keeps for the job's
     * module). {@code mainNanos}: when this job's work began, for its timings.
     */
    public static void runFile(String jobFile, long mainNanos) throws IOException {
        long now = System.currentTimeMillis();
        JobSpec job = MAPPER.readValue(Path.of(jobFile).toFile(), JobSpec.class);
        long jvmStart = job.launchedAt() > 0 ? Math.max(0, now - job.launchedAt()) : 0;
        TlcSession.forgetLastRun();
        JobResult result = run(job, jvmStart, mainNanos);
        writeAtomically(Path.of(job.resultFile()), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
    }

    /** Checks the model {@code job} describes. */
    static JobResult run(JobSpec job, long jvmStartMs, long mainNanos) throws IOException {
        String cfgName = Display.path(Path.of(job.cfgFile()));
        long cfgStart = System.nanoTime();
        CfgFacts facts;
        try {
            facts = CfgFacts.read(job.specDir(), job.cfgFile());
        } catch (WberrException e) {
            // CfgFacts names the cfg (and the line) itself.
            return JobResult.failed(JobResult.BAD_INPUT, null, oneLine(e.getMessage()),
                    timings(jvmStartMs, 0, 0, 0, mainNanos));
        } catch (RuntimeException e) {
            return JobResult.failed(JobResult.BAD_INPUT, null, cfgName + ": " + oneLine(e.getMessage()),
                    timings(jvmStartMs, 0, 0, 0, mainNanos));
        }
        if (!facts.invariants().contains(job.property()) && !facts.properties().contains(job.property())) {
            return JobResult.failed(JobResult.BAD_INPUT, null, cfgName + ": does not check " + job.property()
                    + " (INVARIANT: " + list(facts.invariants()) + "; PROPERTY: " + list(facts.properties()) + ")",
                    timings(jvmStartMs, 0, 0, 0, mainNanos));
        }
        if (facts.variant() != null && !facts.variant().equals(job.variant())) {
            return JobResult.failed(JobResult.BAD_INPUT, null, cfgName + ": sets Variant = \"" + facts.variant()
                    + "\", but the manifest says \"" + job.variant() + "\"", timings(jvmStartMs, 0, 0, 0, mainNanos));
        }

        Path work = Path.of(job.workDir());
        Files.createDirectories(work);
        TlcSession.Result run = TlcSession.run(job.tlcOptions(), work.resolve("tlc.log"));
        long parseMs = (run.parsedNanos - cfgStart) / 1_000_000;
        long checkMs = (run.endNanos - run.parsedNanos) / 1_000_000;

        JobResult.Violation violation = violation(run, facts);
        if (violation == null && run.code != EC.NO_ERROR) {
            return error(job, run, cfgName, timings(jvmStartMs, parseMs, checkMs, 0, mainNanos));
        }
        String verdict = violation == null ? "holds"
                : job.property().equals(violation.name()) ? "violated" : "inconclusive";
        SpecModel[] loaded = new SpecModel[1];
        Supplier<SpecModel> spec = () -> {
            if (loaded[0] == null) {
                loaded[0] = SpecModel.load(job.specDir(), job.module(), job.cfgFile());
            }
            return loaded[0];
        };
        long certifyMs = 0;
        ObjectNode trace = null;
        if (violation != null) {
            long certifyStart = System.nanoTime();
            try {
                trace = certify(spec.get(), job, run, violation);
            } catch (Uncertified e) {
                return new JobResult(JobResult.UNCERTIFIED, run.code, null, violation, run.distinct, run.generated,
                        run.depth, null, "TLC reported " + violation.describe() + ", but its counterexample is wrong: "
                        + e.getMessage(), timings(jvmStartMs, parseMs, checkMs,
                        (System.nanoTime() - certifyStart) / 1_000_000, 0, mainNanos), null);
            } catch (RuntimeException e) {
                e.printStackTrace();
                return JobResult.failed(JobResult.TLC_FAILED, run.code, "TLC reported " + violation.describe()
                        + ", but certifying its counterexample failed: " + oneLine(String.valueOf(e)),
                        timings(jvmStartMs, parseMs, checkMs, (System.nanoTime() - certifyStart) / 1_000_000, 0,
                                mainNanos));
            }
            certifyMs = (System.nanoTime() - certifyStart) / 1_000_000;
        }
        JobResult result = new JobResult(JobResult.CHECKED, run.code, verdict, violation, run.distinct,
                run.generated, run.depth, trace, null, timings(jvmStartMs, parseMs, checkMs, certifyMs, 0, mainNanos),
                null);
        if (job.export() == null) {
            return result;
        }
        long exportStart = System.nanoTime();
        JobResult.Export export = Exporter.run(job, facts, result, run, spec);
        long exportMs = (System.nanoTime() - exportStart) / 1_000_000;
        return new JobResult(result.status(), result.tlcCode(), result.verdict(), result.violation(),
                result.distinctStates(), result.statesGenerated(), result.depth(), result.counterexample(), null,
                timings(jvmStartMs, parseMs, checkMs, certifyMs, exportMs, mainNanos), export);
    }

    /** What stopped TLC, or null if TLC found no violation (or failed). */
    static JobResult.Violation violation(TlcSession.Result run, CfgFacts facts) {
        return switch (run.code) {
            case EC.TLC_INVARIANT_VIOLATED_BEHAVIOR -> named(run, "invariant");
            case EC.TLC_INVARIANT_VIOLATED_INITIAL -> named(run, "initial-invariant");
            case EC.TLC_ACTION_PROPERTY_VIOLATED_BEHAVIOR -> named(run, "action-property");
            case EC.TLC_PROPERTY_VIOLATED_INITIAL -> named(run, "initial-property");
            case EC.TLC_DEADLOCK_REACHED -> new JobResult.Violation("deadlock", null);
            // TLC does not say which temporal property failed; with one PROPERTY in the cfg it can only be that.
            case EC.TLC_TEMPORAL_PROPERTY_VIOLATED -> new JobResult.Violation("temporal",
                    facts.properties().size() == 1 ? facts.properties().get(0) : null);
            default -> null;
        };
    }

    private static JobResult.Violation named(TlcSession.Result run, String kind) {
        TlcSession.Message m = run.first(run.code);
        return new JobResult.Violation(kind, m == null || m.params().isEmpty() ? null : m.params().get(0));
    }

    /** A TLC run that ended neither with a verdict nor with a violation. */
    private static JobResult error(JobSpec job, TlcSession.Result run, String cfgName, JobResult.Timings t) {
        if (run.code == EC.TLC_PARSING_FAILED || run.code == EC.TLC_PARSING_FAILED2) {
            return JobResult.failed(JobResult.BAD_INPUT, run.code,
                    String.join("\n", SanyMessages.parse(run.output, Path.of(job.specDir()))), t);
        }
        String text = TlcText.error(run.output);
        if (isCfgError(run)) {
            return JobResult.failed(JobResult.BAD_INPUT, run.code, cfgName + ": " + text, t);
        }
        if (TLC_FAILURES.contains(run.code)) {
            return JobResult.failed(JobResult.TLC_FAILED, run.code, "TLC failed (code " + run.code + "): " + text, t);
        }
        // Everything else is TLC failing to evaluate the spec (TLC's own words: "probably caused by an error
        // in the spec or model"): division by zero, a failed Assert, an unbound variable, a CHOOSE with no
        // value, no initial state.
        return JobResult.failed(JobResult.BAD_INPUT, run.code,
                Display.path(Path.of(job.specDir(), job.module() + ".tla")) + " with " + cfgName
                        + ": TLC could not evaluate the spec: " + text, t);
    }

    private static boolean isCfgError(TlcSession.Result run) {
        for (TlcSession.Message m : run.messages) {
            int c = m.code();
            if ((c >= EC.CFG_ERROR_READING_FILE && c <= EC.CFG_EXPECTED_SYMBOL)
                    || (c >= EC.TLC_CONFIG_VALUE_NOT_ASSIGNED_TO_CONSTANT_PARAM && c <= EC.TLC_NO_MODULES)
                    || c == EC.TLC_CONFIG_UNDEFINED_OR_NO_OPERATOR || c == EC.TLC_CONFIG_SUBSTITUTION_NON_CONSTANT) {
                return true;
            }
        }
        return false;
    }

    /** Certifies TLC's counterexample against the spec and encodes it as an ITF trace object. */
    static ObjectNode certify(JobSpec job, TlcSession.Result run, JobResult.Violation violation)
            throws Uncertified {
        if (run.trace.isEmpty()) {
            throw new Uncertified("TLC printed no behaviour");
        }
        return certify(SpecModel.load(job.specDir(), job.module(), job.cfgFile()), job, run, violation);
    }

    /** {@link #certify(JobSpec, TlcSession.Result, JobResult.Violation)} with the spec already loaded. */
    static ObjectNode certify(SpecModel spec, JobSpec job, TlcSession.Result run, JobResult.Violation violation)
            throws Uncertified {
        List<TLCState> states = run.trace;
        if (states.isEmpty()) {
            throw new Uncertified("TLC printed no behaviour");
        }
        ArrayNode itfStates = JSON.arrayNode();
        if (!spec.isInitial(states.get(0))) {
            throw new Uncertified("state 1 is not an initial state of the spec");
        }
        for (int i = 0; i < states.size(); i++) {
            SpecModel.ActionTaken step = i == 0 ? SpecModel.ActionTaken.INIT : spec.step(states.get(i - 1), states.get(i));
            if (step == null) {
                throw new Uncertified("no action of the spec leads from state " + i + " to state " + (i + 1));
            }
            ObjectNode s = JSON.objectNode();
            s.set("#meta", JSON.objectNode().put("index", i));
            s.put("mbt::actionTaken", step.name());
            s.set("mbt::nondetPicks", SpecModel.encodeParams(step.params()));
            s.setAll(spec.encode(states.get(i)));
            itfStates.add(s);
        }
        TLCState last = states.get(states.size() - 1);
        ObjectNode meta = JSON.objectNode();
        meta.put("format", "ITF");
        meta.put("format-description", "https://apalache-mc.org/docs/adr/015adr-trace.html");
        meta.put("source", job.module() + ".tla");
        meta.put("kind", "counterexample");
        Integer loop = null;
        if (run.loopTo >= 0) {
            if (run.loopTo >= states.size()) {
                throw new Uncertified("it loops back to state " + (run.loopTo + 1) + " of " + states.size());
            }
            SpecModel.ActionTaken closing = spec.step(last, states.get(run.loopTo));
            if (closing == null) {
                throw new Uncertified("no action of the spec leads from its last state back to state "
                        + (run.loopTo + 1));
            }
            loop = run.loopTo;
            meta.put("loopActionTaken", closing.name());
            meta.set("loopNondetPicks", SpecModel.encodeParams(closing.params()));
        } else if (run.stutters) {
            loop = states.size() - 1;
            meta.put("loopActionTaken", SpecModel.ActionTaken.STUTTER.name());
        }
        switch (violation.kind()) {
            case "invariant", "initial-invariant" -> {
                Boolean holds = spec.invariant(violation.name(), last);
                if (holds == null) {
                    throw new Uncertified("the cfg has no invariant " + violation.name());
                }
                if (holds) {
                    throw new Uncertified(violation.name() + " holds in its last state");
                }
                if (violation.kind().equals("initial-invariant") && states.size() != 1) {
                    throw new Uncertified("an initial-state violation with " + states.size() + " states");
                }
            }
            case "deadlock" -> {
                if (spec.hasSuccessor(last)) {
                    throw new Uncertified("its last state has a successor, so it is no deadlock");
                }
            }
            default -> {
                // Temporal and action properties are not re-evaluated here (see the class comment).
            }
        }
        ObjectNode trace = JSON.objectNode();
        trace.set("#meta", meta);
        ArrayNode vars = JSON.arrayNode();
        spec.variables().forEach(vars::add);
        trace.set("vars", vars);
        trace.set("states", itfStates);
        if (loop != null) {
            trace.put("loop", loop);
        }
        return trace;
    }

    /** A counterexample that is not a behaviour of the spec, or does not violate what TLC says. */
    static final class Uncertified extends Exception {
        private static final long serialVersionUID = 1L;

        Uncertified(String message) {
            super(message);
        }
    }

    private static JobResult.Timings timings(long jvmStartMs, long parseMs, long checkMs, long certifyMs,
            long mainNanos) {
        return timings(jvmStartMs, parseMs, checkMs, certifyMs, 0, mainNanos);
    }

    private static JobResult.Timings timings(long jvmStartMs, long parseMs, long checkMs, long certifyMs,
            long exportMs, long mainNanos) {
        return new JobResult.Timings(jvmStartMs, parseMs, checkMs, certifyMs, exportMs,
                jvmStartMs + (System.nanoTime() - mainNanos) / 1_000_000);
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String oneLine(String s) {
        return s == null ? "unreadable cfg" : s.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    /** If the parent dies, nobody waits for this JVM: stop. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        AtomicFiles.write(target, bytes);
    }
}
