package org.wberr.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The command line of a child JVM, tuned for what our models are: many small TLC runs (10^3 to 10^5
 * states) two at a time on two cores, where JVM start-up, class loading and JIT compilation cost as much
 * as the model checking. Measured on the project's 2-core machine (see the README):
 * <ul>
 * <li>{@code -XX:TieredStopAtLevel=1} (C1 only): C2's compiler threads more than doubled the CPU time of a
 * 48,680-state model (4.8 s vs 2.3 s) and still cost more at 360,008 states (14-17 s vs 9.6 s); for a
 * 14-state model it saves a third of the CPU time. C2 would only pay off on far bigger models;</li>
 * <li>an application class-data-sharing archive (AppCDS) of the classes a child loads: CPU time of a
 * small model 1.3 s to 0.85 s, wall time 1.7 s to 1.25 s. It is made by the first child that runs
 * without one ({@code -XX:ArchiveClassesAtExit}), kept beside {@code wberr.jar} as
 * {@code wberr.jar.<java version>.jsa} and used while it is newer than the jar. The JVM itself rejects an
 * archive that does not match the jar or the JVM (a warning in the child's stdout) and runs without. Only
 * possible when the classpath is {@code wberr.jar} alone (the launcher's case; tests run without);</li>
 * <li>{@code -XX:+UseParallelGC}, TLC's recommended collector (it warns about others); SerialGC and a
 * single GC thread measured the same;</li>
 * <li>{@code -Xss4m}: TLC evaluates recursive definitions on the Java stack.</li>
 * </ul>
 */
public final class ChildJvm {
    private final String heap;
    private final String classpath;
    private final Path archive;
    private final AtomicBoolean dumping = new AtomicBoolean();

    public ChildJvm(String heap, String classpath, boolean useCds) {
        this.heap = heap;
        this.classpath = absolute(classpath);
        this.archive = useCds ? archiveFor(this.classpath) : null;
    }

    /**
     * {@code classpath} with absolute entries: the child gets the same classpath whatever the working
     * directory, which a CDS archive requires (it records the classpath it was made with).
     */
    static String absolute(String classpath) {
        List<String> entries = new ArrayList<>();
        for (String e : classpath.split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /**
     * The archive to use or make for {@code classpath}, or null unless the classpath is the launcher's
     * {@code wberr.jar} alone, in a writable directory.
     */
    static Path archiveFor(String classpath) {
        if (classpath == null || classpath.contains(java.io.File.pathSeparator)
                || !Path.of(classpath).getFileName().toString().equals("wberr.jar")) {
            return null;
        }
        Path jar = Path.of(classpath).toAbsolutePath();
        if (!Files.isRegularFile(jar) || !Files.isWritable(jar.getParent())) {
            return null;
        }
        String version = System.getProperty("java.vm.version", "unknown").replaceAll("[^A-Za-z0-9.+-]", "_");
        return jar.resolveSibling(jar.getFileName() + "." + version + ".jsa");
    }

    /** A child's command line; {@link #finished} must be called with the returned value when it exits. */
    public Launch command(Path jobFile, Path tmpDir) {
        return command(tmpDir, ModelJob.class.getName(), List.of(jobFile.toString()));
    }

    /** As {@link #command(Path, Path)}, with another main class and its arguments. */
    public Launch command(Path tmpDir, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-Xmx" + heap, "-Xss4m"));
        Path dump = null;
        if (archive != null) {
            if (isFresh()) {
                cmd.add("-XX:SharedArchiveFile=" + archive);
            } else if (dumping.compareAndSet(false, true)) {
                dump = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                cmd.add("-XX:ArchiveClassesAtExit=" + dump);
            }
        }
        cmd.add("-Djava.io.tmpdir=" + tmpDir);
        cmd.addAll(List.of("-cp", classpath, mainClass));
        cmd.addAll(args);
        return new Launch(cmd, dump);
    }

    /** A command line, and the archive its JVM writes at exit (or null). */
    public record Launch(List<String> command, Path dump) {
    }

    /** After a child exited: installs the archive it wrote, if it exited cleanly. */
    void finished(Launch launch, boolean clean) {
        if (launch.dump() == null) {
            return;
        }
        try {
            if (clean && Files.size(launch.dump()) > 0) {
                Files.move(launch.dump(), archive, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            // No archive this time; the next run tries again.
        } finally {
            try {
                Files.deleteIfExists(launch.dump());
            } catch (IOException ignored) {
                // Nothing more to do.
            }
            dumping.set(false);
        }
    }

    private boolean isFresh() {
        try {
            return Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(Path.of(classpath))) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The work of a child JVM's main. */
    @FunctionalInterface
    public interface ChildWork {
        void run() throws Exception;
    }

    /**
     * The child side: runs {@code work} and halts the JVM, with 0, or with 1 after printing the failure (the parent
     * finds no result file and reports the output's tail). The child halts with 4 as soon as its parent dies, so
     * that no child outlives an interrupted run.
     */
    public static void runChild(ChildWork work) {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(4)));
        int status = 0;
        try {
            work.run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }
}
