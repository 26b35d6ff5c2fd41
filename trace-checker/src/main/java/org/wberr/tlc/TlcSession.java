package org.wberr.tlc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import tlc2.TLC;
import tlc2.TLCGlobals;
import tlc2.output.EC;
import tlc2.output.MP;
import tlc2.output.MPRecorder;
import tlc2.output.OutputCollector;
import tlc2.tool.ModelChecker;
import tlc2.tool.TLCState;
import tlc2.tool.TLCStateInfo;
import util.SimpleFilenameToStream;
import util.ToolIO;

/**
 * One in-process run of TLC (model checking or simulation), with everything it reports captured: the result
 * code, the structured messages (through {@link MP#setRecorder}), the counterexample's states, the statistics
 * and the text TLC and SANY print (for error messages). TLC keeps static state, so a JVM runs at most one
 * session; that is why every model gets its own JVM (org.wberr.check.ModelJob).
 *
 * <p>Options passed to TLC: {@code -workers N} (1 by default: the parent runs several JVMs at once),
 * {@code -fp 0} and {@code -seed} (reproducible runs), {@code -deadlock} unless the manifest asks for deadlock
 * checking (our specs may legitimately reach states without successors), {@code -metadir} in the job's own
 * directory; simulation adds {@code -simulate num=TRACES -depth DEPTH}.
 */
public final class TlcSession {

    /** One structured message TLC reported: its code (tlc2.output.EC) and parameters as text. */
    public record Message(int code, List<String> params) {
    }

    /** What one TLC run reported. */
    public static final class Result {
        public int code;
        public final List<Message> messages = new ArrayList<>();
        /** The last behaviour TLC printed (a counterexample), in order. */
        public final List<TLCState> trace = new ArrayList<>();
        /** Lasso: the 0-based index of the state the last state loops back to, or -1. */
        public int loopTo = -1;
        /** Lasso: the behaviour ends by stuttering forever in its last state. */
        public boolean stutters;
        public Long distinct;
        public Long generated;
        public Integer depth;
        /** Everything TLC and SANY printed. */
        public String output = "";
        long startNanos;
        public long parsedNanos;
        public long endNanos;

        /** The first message with {@code code}, or null. */
        public Message first(int code) {
            return messages.stream().filter(m -> m.code() == code).findFirst().orElse(null);
        }

        boolean has(int code) {
            return first(code) != null;
        }
    }

    private TlcSession() {
    }

    /**
     * What TLC is asked to do: the module and cfg, model checking or simulation, the seed and workers, and its
     * metadir's parent.
     *
     * @param specDir       the directory of the modules
     * @param module        the module TLC runs ({@code specDir/<module>.tla})
     * @param cfgFile       the cfg
     * @param simulate      simulation (-simulate) instead of exhaustive model checking
     * @param traces        simulate: number of behaviours
     * @param depth         simulate: length of each behaviour
     * @param seed          TLC's -seed (null: 0)
     * @param checkDeadlock whether TLC reports states without successors
     * @param workers       TLC worker threads
     * @param workDir       TLC's metadir goes below it
     */
    public record Options(String specDir, String module, String cfgFile, boolean simulate, Long traces, Integer depth,
            Long seed, boolean checkDeadlock, int workers, String workDir) {
    }

    /**
     * Resets the static state of TLC that outlives a run and changes the next one's result, for a JVM (or class
     * loader) that runs TLC more than once ({@code org.wberr.check.BatchJob}). Known: the liveness checker's
     * {@code LiveWorker.errFoundByThread}, private and static, set to the finding worker's id when a temporal
     * property is violated and only reset by class initialisation; left set, the next run's liveness check
     * reports a violation without a behaviour (measured: 11 of the 12 ErrorDetected models of Ext4 "violated"
     * with no counterexample, one after another). Other leaks are not pinned down: the liveness checker, building
     * a counterexample after earlier runs in the same loader, reads an invalid position from its trace file
     * ("Invalid negative file pointer") and {@code LiveCheck.check0} then calls System.exit(1), which ends the
     * batch JVM (one to three ErrorDetected models a run); a parse finds its module's reader closed; TLC divides by
     * zero. The batch checks any model whose result is not the manifest's again in a JVM of its own.
     */
    public static void forgetLastRun() {
        try {
            java.lang.reflect.Field f = tlc2.tool.liveness.LiveWorker.class.getDeclaredField("errFoundByThread");
            f.setAccessible(true);
            f.setInt(null, -1);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reset TLC's LiveWorker.errFoundByThread (another TLC version?)",
                    e);
        }
    }

    /** The command line TLC gets for {@code job}. */
    static List<String> arguments(Options job) {
        List<String> args = new ArrayList<>(List.of("-workers", Integer.toString(Math.max(1, job.workers())),
                "-fp", "0", "-seed", Long.toString(job.seed() == null ? 0 : job.seed())));
        if (job.simulate()) {
            args.addAll(List.of("-simulate", "num=" + job.traces(), "-depth", Integer.toString(job.depth())));
        }
        if (!job.checkDeadlock()) {
            args.add("-deadlock");
        }
        args.addAll(List.of("-metadir", Path.of(job.workDir(), "meta").toString(), "-config", job.cfgFile(),
                Path.of(job.specDir(), job.module() + ".tla").toString()));
        return args;
    }

    /** Runs TLC on {@code job}; TLC's text output is also written to {@code log}. */
    public static Result run(Options job, Path log) throws IOException {
        Result r = new Result();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (OutputStream file = Files.newOutputStream(log)) {
            PrintStream tee = new PrintStream(new Tee(captured, file), true, StandardCharsets.UTF_8);
            ToolIO.out = tee;
            ToolIO.err = tee;
            MP.setRecorder(new Recorder(r));
            r.startNanos = System.nanoTime();
            TLC tlc = new TLC();
            if (!tlc.handleParameters(arguments(job).toArray(new String[0]))) {
                r.code = EC.WRONG_COMMANDLINE_PARAMS_TLC;
            } else {
                tlc.setResolver(new SimpleFilenameToStream(job.specDir()));
                r.code = tlc.process();
            }
            r.endNanos = System.nanoTime();
            if (r.parsedNanos == 0) {
                r.parsedNanos = r.endNanos;
            }
            tee.flush();
        } finally {
            MP.setRecorder(new MPRecorder());
        }
        r.output = captured.toString(StandardCharsets.UTF_8);
        if (r.trace.isEmpty() && r.code == EC.TLC_INVARIANT_VIOLATED_INITIAL
                && OutputCollector.getInitialState() != null) {
            // TLC prints no behaviour for an initial state that violates an invariant; it keeps the state.
            r.trace.add(OutputCollector.getInitialState());
        }
        if (r.distinct == null && TLCGlobals.mainChecker instanceof ModelChecker c && !job.simulate()) {
            // TLC prints no statistics when it stops on an initial state; its checker still knows them.
            r.distinct = c.getDistinctStatesGenerated();
            r.generated = c.getStatesGenerated();
        }
        return r;
    }

    /** Receives TLC's structured messages (from TLC's worker threads too). */
    private static final class Recorder extends MPRecorder {
        private final Result r;

        Recorder(Result r) {
            this.r = r;
        }

        @Override
        public synchronized void record(int code, Object... objects) {
            // Never let an exception escape into TLC: it would abort TLC's run.
            try {
                recordImpl(code, objects == null ? new Object[0] : objects);
            } catch (RuntimeException e) {
                r.messages.add(new Message(-1, List.of("wberr could not record TLC message " + code + ": " + e)));
            }
        }

        private void recordImpl(int code, Object[] objects) {
            List<String> params = new ArrayList<>();
            for (Object o : objects) {
                // A TLCStateInfo's toString prints its state, which is null for TLC's "stuttering" marker.
                params.add(o instanceof TLCStateInfo ? "<state>" : String.valueOf(o));
            }
            r.messages.add(new Message(code, params));
            switch (code) {
                case EC.TLC_STARTING -> r.parsedNanos = System.nanoTime();
                case EC.TLC_BEHAVIOR_UP_TO_THIS_POINT, EC.TLC_COUNTER_EXAMPLE -> {
                    r.trace.clear();
                    r.loopTo = -1;
                    r.stutters = false;
                }
                case EC.TLC_STATE_PRINT2 -> {
                    if (objects.length > 0 && objects[0] instanceof TLCStateInfo info && info.state != null) {
                        r.trace.add(info.state);
                    }
                }
                case EC.TLC_STATE_PRINT3 -> r.stutters = true;
                case EC.TLC_BACK_TO_STATE -> r.loopTo = Integer.parseInt(params.get(0).trim()) - 1;
                case EC.TLC_STATS -> {
                    r.generated = Long.parseLong(params.get(0));
                    r.distinct = Long.parseLong(params.get(1));
                }
                case EC.TLC_STATS_SIMU -> r.generated = Long.parseLong(params.get(0));
                case EC.TLC_SEARCH_DEPTH -> r.depth = Integer.parseInt(params.get(0));
                default -> {
                }
            }
        }
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
