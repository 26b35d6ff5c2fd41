package org.wberr.check;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.wberr.tlc.NoNetworkRmi;

/**
 * The main class of a batch child JVM: checks model after model, as the parent ({@link TlcRunner}) sends them, so
 * that a JVM start, class loading and JIT compilation are paid once per batch instead of once per model.
 *
 * <p>Protocol: the parent writes the path of a job file ({@link JobSpec}) per line to the child's stdin; the child
 * runs the job ({@link ModelJob#runFile}), which writes the job's result file, and answers on stdout with
 * {@code done PATH}, or {@code failed PATH<tab>EXCEPTION} if the job threw (its stack trace goes to stderr). End of
 * input ends
 * the child. Everything else the child prints (TLC, SANY) goes to stderr, so stdout carries the protocol alone.
 *
 * <p>Isolation: TLC keeps static state, which is per class loader. Each module (spec) gets one class loader of its
 * own holding wberr, TLC and their libraries, reused for that module's models: a fresh loader per model would
 * load and compile TLC again every time (measured: 1.3 s a model, against 0.25 s in a reused one). The static
 * state a run leaves that is known to change the next run's result is reset before each job
 * ({@code TlcSession.forgetLastRun}); the parent repeats in a JVM of its own any model whose batch result is not
 * what the manifest says, so a leak TLC may still have cannot change a verdict silently.
 */
public final class BatchJob {
    private BatchJob() {
    }

    public static void main(String[] args) {
        ChildJvm.runChild(() -> {
            PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                    StandardCharsets.UTF_8);
            System.setOut(System.err);
            NoNetworkRmi.install();
            URL[] classpath = classpath();
            Map<String, ClassLoader> loaders = new HashMap<>();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                long start = System.nanoTime();
                String failure = null;
                try {
                    String module = ModelJob.MAPPER.readValue(Path.of(line).toFile(), JobSpec.class).module();
                    ClassLoader loader = loaders.computeIfAbsent(module,
                            m -> new URLClassLoader("wberr-" + m, classpath, ClassLoader.getPlatformClassLoader()));
                    Thread.currentThread().setContextClassLoader(loader);
                    Class.forName(ModelJob.class.getName(), true, loader)
                            .getMethod("runFile", String.class, long.class).invoke(null, line, start);
                } catch (InvocationTargetException e) {
                    e.getCause().printStackTrace();
                    failure = e.getCause().toString();
                } catch (Exception | Error e) {
                    e.printStackTrace();
                    failure = e.toString();
                }
                System.err.flush();
                protocol.println(failure == null ? "done " + line
                        : "failed " + line + "\t" + failure.replaceAll("\\s+", " "));
            }
        });
    }

    /** This JVM's classpath, for the loaders. */
    private static URL[] classpath() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                urls.add(Path.of(e).toAbsolutePath().toUri().toURL());
            }
        }
        return urls.toArray(new URL[0]);
    }
}
