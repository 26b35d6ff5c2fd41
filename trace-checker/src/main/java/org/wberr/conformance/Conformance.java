package org.wberr.conformance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

import org.wberr.core.WberrException;
import org.wberr.itf.ItfFormatException;
import org.wberr.itf.ItfReader;
import org.wberr.itf.ItfTrace;

/**
 * Replays exported trace files against model-java ({@link Replayer}, a fresh {@link Driver} per trace), several at
 * once, and classifies each: it conforms, it does not (the first mismatch), its spec has no driver, the driver
 * cannot replay it (an unknown action or parameter: the driver and the spec disagree), or it cannot be read (an
 * exporter bug).
 */
public final class Conformance {

    public enum Status {
        /** Every step agrees. */
        CONFORMS,
        /** A step differs, or the implementation refused a step the spec took. */
        MISMATCH,
        /** No replay driver for the trace's spec: not replayed. */
        NO_DRIVER,
        /** The driver cannot replay the trace (unknown action or parameter, missing variable). */
        UNREPLAYABLE,
        /** The file is not a readable ITF trace. */
        UNREADABLE
    }

    /**
     * One replayed file.
     *
     * @param file     the trace
     * @param steps    steps replayed (up to the mismatch)
     * @param status   the outcome
     * @param mismatch the first mismatch, for {@link Status#MISMATCH}
     * @param message  what went wrong, for the other failures
     * @param nanos    time to read and replay it
     */
    public record FileResult(Path file, int steps, Status status, Mismatch mismatch, String message, long nanos) {
    }

    private Conformance() {
    }

    /** Replays {@code files}, the driver of each trace from {@code drivers} (which throws ReplayException if none). */
    public static Map<Path, FileResult> replay(List<Path> files, int threads, Function<ItfTrace, Driver> drivers,
            Consumer<FileResult> progress) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "wberr-replay");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<FileResult>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    FileResult r = one(f, drivers);
                    progress.accept(r);
                    return r;
                }));
            }
            Map<Path, FileResult> out = new LinkedHashMap<>();
            for (int i = 0; i < files.size(); i++) {
                out.put(files.get(i), futures.get(i).get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WberrException.environment("interrupted while replaying traces", e);
        } catch (ExecutionException e) {
            throw WberrException.environment("replaying traces failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static FileResult one(Path file, Function<ItfTrace, Driver> drivers) {
        long start = System.nanoTime();
        ItfTrace trace;
        try {
            trace = ItfReader.read(file);
        } catch (ItfFormatException e) {
            return new FileResult(file, 0, Status.UNREADABLE, null, e.getMessage(), System.nanoTime() - start);
        }
        Driver driver;
        try {
            driver = drivers.apply(trace);
        } catch (ReplayException e) {
            return new FileResult(file, 0, Status.NO_DRIVER, null, e.getMessage(), System.nanoTime() - start);
        }
        try {
            Replayer.Result r = Replayer.replay(trace, driver);
            return new FileResult(file, r.steps(), r.conforms() ? Status.CONFORMS : Status.MISMATCH, r.mismatch(),
                    null, System.nanoTime() - start);
        } catch (ReplayException e) {
            return new FileResult(file, 0, Status.UNREPLAYABLE, null, e.getMessage(), System.nanoTime() - start);
        } catch (RuntimeException e) {
            // A driver that throws something else is a driver bug: say which trace, keep going.
            return new FileResult(file, 0, Status.UNREPLAYABLE, null, file + ": the driver failed: " + e,
                    System.nanoTime() - start);
        }
    }
}
