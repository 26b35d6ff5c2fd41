package org.wberr.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.wberr.core.Display;
import org.wberr.core.WberrException;
import org.wberr.manifest.Manifest;
import org.wberr.manifest.Mode;
import org.wberr.manifest.ModelEntry;

/**
 * Runs manifest models with TLC in child JVMs, up to {@code jobs} at once: by default in batch JVMs
 * ({@link BatchJob}), one per worker thread, each checking model after model; else (WBERR_BATCH=off) each model in
 * a JVM of its own ({@link ModelJob}).
 *
 * <p>Why batches: a model costs a JVM start, class loading, JIT compilation and a SANY parse, which for the
 * project's small models is most of the work (measured: 1.3 s a model in a fresh JVM or class loader, 0.25 s in a
 * warm one). Why JVMs at all: TLC keeps static state (its globals, the model-value table, the message recorder),
 * so the batch gives each spec its own class loader, resets what is known to leak, and checks any model whose
 * batch result is not the manifest's again in a JVM of its own, whose result counts (the outcome says why).
 *
 * <p>Each model gets its own directory under the work directory: the job description ({@code job.json}), TLC's
 * metadir ({@code meta/}), TLC's log ({@code tlc.log}) and the {@link JobResult} ({@code result.json}); a
 * JVM of its own also its {@code java.io.tmpdir} ({@code tmp/}; TLC extracts its standard modules there, so
 * parallel children must not share it) and its stdout and stderr; a batch JVM has these in
 * {@code batch-<worker>-<n>/}. The children use the parent's classpath (the shaded {@code wberr.jar} when run from
 * it). A child that exits without a result, or outlives the timeout, is a failure of the environment (exit 3)
 * reported with the tail of its stderr. No child outlives the parent: a shutdown hook kills running children,
 * and children halt when their parent disappears.
 */
public final class TlcRunner {

    /**
     * How children run.
     *
     * @param jobs      children at once
     * @param workers   TLC worker threads per child
     * @param timeout   per model
     * @param heap      the children's -Xmx
     * @param classpath the children's classpath
     * @param workDir   where the job directories go
     * @param cds       whether children may use (and make) a class-data-sharing archive, see {@link ChildJvm}
     * @param batch     whether a child checks model after model ({@link BatchJob}), a model whose result is not the
     *                  manifest's then checked again in a JVM of its own; else one JVM per model ({@link ModelJob})
     */
    public record Options(int jobs, int workers, Duration timeout, String heap, String classpath, Path workDir,
            boolean cds, boolean batch) {
    }

    /** Told about progress, from the runner's threads. */
    public interface Listener {
        void finished(ModelOutcome outcome);
    }

    private final Options options;
    private final ChildJvm jvm;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    public TlcRunner(Options options) {
        this.options = options;
        this.jvm = new ChildJvm(options.heap(), options.classpath(), options.cds());
    }

    /**
     * Runs {@code models} (entries of {@code manifest}), the biggest first; outcomes in the order of
     * {@code models}.
     */
    public List<ModelOutcome> run(Manifest manifest, List<ModelEntry> models, Listener listener) {
        return run(manifest, models, null, listener);
    }

    /**
     * Runs {@code models} as {@link #run(Manifest, List, Listener)} does, each child also exporting what
     * {@code plan} says (null: nothing).
     */
    public List<ModelOutcome> run(Manifest manifest, List<ModelEntry> models, ExportPlan plan, Listener listener) {
        Thread hook = new Thread(this::stop, "wberr-kill-children");
        Runtime.getRuntime().addShutdownHook(hook);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.jobs()), r -> {
            Thread t = new Thread(r, "wberr-tlc-job");
            t.setDaemon(true);
            return t;
        });
        try {
            // Biggest models first, so that no core idles at the end waiting for one long model. Exporting jobs
            // explore and write their configuration's whole state graph: the plan knows their cost better.
            List<ModelEntry> order = new ArrayList<>(models);
            order.sort(Comparator.comparingLong((ModelEntry m) -> plan == null ? expectedCost(m) : plan.cost(m))
                    .reversed());
            if (options.batch()) {
                Queue<ModelEntry> queue = new ConcurrentLinkedQueue<>(order);
                Map<ModelEntry, ModelOutcome> done = new ConcurrentHashMap<>();
                List<Future<?>> workers = new ArrayList<>();
                for (int i = 0; i < Math.max(1, options.jobs()); i++) {
                    int worker = i;
                    workers.add(pool.submit(() -> {
                        try (Batch batch = new Batch(worker)) {
                            for (ModelEntry m = queue.poll(); m != null; m = queue.poll()) {
                                ModelOutcome o = batch.run(manifest, m, plan);
                                done.put(m, o);
                                listener.finished(o);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> w : workers) {
                    w.get();
                }
                return models.stream().map(done::get).toList();
            }
            Map<ModelEntry, Future<ModelOutcome>> futures = new HashMap<>();
            for (ModelEntry m : order) {
                futures.put(m, pool.submit(() -> {
                    ModelOutcome o = runOne(manifest, m, plan);
                    listener.finished(o);
                    return o;
                }));
            }
            List<ModelOutcome> outcomes = new ArrayList<>();
            for (ModelEntry m : models) {
                outcomes.add(futures.get(m).get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WberrException.environment("interrupted while model checking", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof WberrException w) {
                throw w;
            }
            throw WberrException.environment("model checking failed: " + c, c);
        } finally {
            pool.shutdownNow();
            stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or has run; nothing to remove.
            }
        }
    }

    /** How long a model is expected to take, in states: the manifest's count, or depth x traces. */
    static long expectedCost(ModelEntry m) {
        return m.mode() == Mode.EXHAUSTIVE ? m.distinctStates() : (long) m.depth() * m.traces();
    }

    /** A model's job directory, and its job file written there. */
    private record Job(Path dir, Path file, Path result) {
    }

    private Job prepare(Manifest manifest, ModelEntry m, ExportPlan plan, String attempt, boolean launched)
            throws IOException {
        Path dir = options.workDir().resolve(String.format("%02d-%s%s", m.index(), m.model(), attempt));
        Files.createDirectories(dir.resolve("tmp"));
        Path result = dir.resolve("result.json");
        JobSpec job = new JobSpec(manifest.specsDir().toString(), m.module(), m.cfgFile().toString(), m.mode().id(),
                m.depth(), m.traces(), m.mode() == Mode.SIMULATE ? m.seed() : null, m.property(), m.variant(),
                m.checkDeadlock(), options.workers(), dir.toString(), result.toString(),
                launched ? System.currentTimeMillis() : 0, plan == null ? null : plan.forModel(m));
        Path jobFile = dir.resolve("job.json");
        ModelJob.MAPPER.writerWithDefaultPrettyPrinter().writeValue(jobFile.toFile(), job);
        return new Job(dir, jobFile, result);
    }

    private ModelOutcome runOne(Manifest manifest, ModelEntry m, ExportPlan plan)
            throws IOException, InterruptedException {
        return runOne(manifest, m, plan, "");
    }

    private ModelOutcome runOne(Manifest manifest, ModelEntry m, ExportPlan plan, String attempt)
            throws IOException, InterruptedException {
        Job j = prepare(manifest, m, plan, attempt, true);
        Path dir = j.dir();
        Path jobFile = j.file();
        Path result = j.result();
        ChildJvm.Launch launch = jvm.command(jobFile, dir.resolve("tmp"));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(launch.command()).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            jvm.finished(launch, false);
            throw WberrException.environment("cannot start a JVM for " + Display.path(m.cfgFile()) + ": "
                    + e.getMessage(), e);
        }
        running.add(p);
        boolean clean = false;
        try {
            boolean done = p.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!done) {
                kill(p);
                return new ModelOutcome(m, null, Display.path(m.cfgFile()) + ": TLC did not finish within "
                        + options.timeout().toSeconds() + " s (--timeout); its log: "
                        + Display.path(dir.resolve("tlc.log")), seconds);
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(result)) {
                return new ModelOutcome(m, null, Display.path(m.cfgFile()) + ": the TLC JVM exited with status "
                        + p.exitValue() + " and no result (its files: " + Display.path(dir) + ")"
                        + tail(stderr, stdout), seconds);
            }
            JobResult r = ModelJob.MAPPER.readValue(result.toFile(), JobResult.class);
            clean = true;
            return new ModelOutcome(m, r, null, seconds);
        } finally {
            running.remove(p);
            kill(p);
            jvm.finished(launch, clean);
        }
    }

    /**
     * The batch child JVM of one worker thread ({@link BatchJob}): started when the first model comes, started again
     * after it died or was killed. A model whose batch result is not the manifest's (a different verdict or count,
     * an error, no result) is checked again in a JVM of its own ({@link #runOne}), and that result counts; a model
     * that outlives the timeout is not retried.
     */
    private final class Batch implements AutoCloseable {
        private static final String EOF = "eof";
        private final int worker;
        private int started;
        private Process process;
        private java.io.Writer stdin;
        private BlockingQueue<String> answers;
        private ChildJvm.Launch launch;
        private Path dir;

        Batch(int worker) {
            this.worker = worker;
        }

        ModelOutcome run(Manifest manifest, ModelEntry m, ExportPlan plan) throws IOException, InterruptedException {
            Job j = prepare(manifest, m, plan, "", false);
            long start = System.nanoTime();
            String answer;
            try {
                ensureStarted();
                stdin.write(j.file() + "\n");
                stdin.flush();
                answer = answers.poll(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                answer = EOF;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String why;
            if (answer == null) {
                stopProcess(false);
                return new ModelOutcome(m, null, Display.path(m.cfgFile()) + ": TLC did not finish within "
                        + options.timeout().toSeconds() + " s (--timeout); its log: "
                        + Display.path(j.dir().resolve("tlc.log")), seconds);
            } else if (answer.equals("done " + j.file()) && Files.isRegularFile(j.result())) {
                ModelOutcome o = new ModelOutcome(m, ModelJob.MAPPER.readValue(j.result().toFile(), JobResult.class),
                        null, seconds);
                if (o.asExpected()) {
                    return o;
                }
                why = o.error() != null ? o.error().lines().findFirst().orElse("")
                        : String.join("; ", o.differences());
            } else if (answer.equals(EOF)) {
                Path stderr = dir.resolve("stderr.txt");
                int status = process.waitFor();
                stopProcess(false);
                why = "the batch JVM exited with status " + status + tail(stderr).replaceAll("\\s*\n\\s*", " / ");
            } else {
                why = "the job threw in the batch JVM: " + answer.substring(answer.indexOf('\t') + 1);
            }
            return runOne(manifest, m, plan, "-alone").retriedBecause(why);
        }

        private void ensureStarted() throws IOException {
            if (process != null) {
                return;
            }
            dir = options.workDir().resolve(String.format("batch-%d-%d", worker, ++started));
            Files.createDirectories(dir.resolve("tmp"));
            launch = jvm.command(dir.resolve("tmp"), BatchJob.class.getName(), List.of());
            process = new ProcessBuilder(launch.command()).redirectError(dir.resolve("stderr.txt").toFile())
                    .start();
            running.add(process);
            stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            BlockingQueue<String> q = new LinkedBlockingQueue<>();
            answers = q;
            java.io.BufferedReader out = process.inputReader(StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        // The JVM itself may print to stdout too (class-data sharing's warnings): only the
                        // protocol's lines are answers.
                        if (line.startsWith("done ") || line.startsWith("failed ")) {
                            q.add(line);
                        }
                    }
                } catch (IOException e) {
                    // The child is gone.
                }
                q.add(EOF);
            }, "wberr-batch-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** Ends the child: by closing its input (it exits when done), or by killing it. */
        private void stopProcess(boolean gently) throws InterruptedException {
            if (process == null) {
                return;
            }
            boolean clean = false;
            if (gently) {
                try {
                    stdin.close();
                    clean = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
                } catch (IOException e) {
                    // Killed below.
                }
            }
            running.remove(process);
            kill(process);
            jvm.finished(launch, clean);
            process = null;
        }

        @Override
        public void close() throws InterruptedException {
            stopProcess(true);
        }
    }

    /** The last lines of the first non-empty file, indented, or "". */
    private static String tail(Path... files) {
        for (Path f : files) {
            try {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank()).toList();
                if (!lines.isEmpty()) {
                    List<String> last = lines.subList(Math.max(0, lines.size() - 12), lines.size());
                    return ":\n" + String.join("\n", last.stream().map(String::strip).toList());
                }
            } catch (IOException e) {
                // Try the next one.
            }
        }
        return "";
    }

    /** Kills the running children and waits until they are gone. */
    public void stop() {
        running.forEach(TlcRunner::kill);
    }

    /** Kills {@code p} and its descendants, and waits (up to 10 s) until they are gone. */
    private static void kill(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // Nothing more can be done about it.
            }
        }
    }

    /** Deletes {@code dir} and everything below it, quietly. */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Leave what cannot be deleted.
                }
            });
        } catch (IOException e) {
            // Leave it.
        }
    }
}
