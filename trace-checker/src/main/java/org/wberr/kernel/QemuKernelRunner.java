package org.wberr.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;

/**
 * The kernel oracle's scripts (trace-checker/src/main/kernel) driven from Java: {@code install-deps.sh} (which
 * exits 3 with the command to run when it is not root and something is missing), {@code build.sh}, then one
 * {@code run-qemu.sh --timeout} boot. Progress lines (the boot, each scenario) go to {@code progress}. QEMU never
 * outlives the script (run-qemu.sh's own guarantee); the script never outlives this runner: it is stopped
 * (TERM, so it stops QEMU and prints its host line, then KILL) past the timeout plus a grace period, and by a
 * shutdown hook if the JVM exits.
 */
public final class QemuKernelRunner implements KernelRunner {
    private static final int GRACE_SECONDS = 20;

    private final Path scripts;
    private final Duration timeout;
    private final Consumer<String> progress;

    /**
     * @param scripts  the directory of install-deps.sh, build.sh and run-qemu.sh
     * @param timeout  the boot's limit (run-qemu.sh --timeout), or null for the script's default
     * @param progress where progress lines go (stderr in the CLI)
     */
    public QemuKernelRunner(Path scripts, Duration timeout, Consumer<String> progress) {
        this.scripts = scripts;
        this.timeout = timeout;
        this.progress = progress;
    }

    /** The scripts' directory of a wberr checkout: {@code <home>/trace-checker/src/main/kernel}. */
    public static Path scriptsIn(Path home) {
        return home.resolve("trace-checker/src/main/kernel");
    }

    /** Runs install-deps.sh: installs what is missing (root) or fails with exit 3 and its message. */
    public void ensureDependencies() {
        script("install-deps.sh", List.of(), "installing the kernel oracle's dependencies");
    }

    /**
     * Runs build.sh for {@code kernel}: builds the guest, initramfs, images and the kernel when an input changed
     * (a kernel of the oracle's own takes about 8 minutes the first time, seconds for each further variant);
     * build-kernel.sh's progress lines go to {@code progress}.
     */
    public void build(String kernel) {
        script("build.sh", List.of("--kernel", kernel), "building the kernel oracle's guest and kernel " + kernel);
    }

    /** One installation or build at a time in this JVM: several guests may be started at once (campaigns). */
    private static final Object PREPARING = new Object();

    @Override
    public Run run(List<Path> stepFiles, String kernel) {
        synchronized (PREPARING) {
            ensureDependencies();
            build(kernel);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(scripts.resolve("run-qemu.sh").toString());
        int seconds = timeout != null ? (int) Math.max(1, timeout.toSeconds()) : 60 + 10 * stepFiles.size();
        cmd.addAll(List.of("--kernel", kernel, "--timeout", Integer.toString(seconds)));
        stepFiles.forEach(f -> cmd.add(f.toAbsolutePath().toString()));
        progress.accept("kernel: booting " + kernel + " under QEMU (software emulation) for " + stepFiles.size()
                + " scenario" + (stepFiles.size() == 1 ? "" : "s") + " in one boot; about 2 s plus 0.1-0.5 s a scenario"
                + " (1.3 s more for each ENOSPC), limit " + seconds + " s");
        Process p = start(cmd);
        Thread hook = new Thread(() -> stop(p), "wberr-stop-qemu");
        Runtime.getRuntime().addShutdownHook(hook);
        Deque<String> errTail = new ArrayDeque<>();
        // run-qemu.sh's stderr starts with build.sh's "up to date" lines: only what follows is a diagnosis.
        Thread errReader = drain(p.getErrorStream(), errTail, null, l -> !l.startsWith("build: ")
                && !l.startsWith("build-kernel: "));
        List<String> lines = new ArrayList<>();
        long start = System.nanoTime();
        Thread outReader = drain(p.getInputStream(), null, l -> {
            synchronized (lines) {
                lines.add(l);
            }
            report(l, start);
        });
        try {
            if (!p.waitFor(seconds + GRACE_SECONDS, TimeUnit.SECONDS)) {
                stop(p);
                errReader.join(5000);
                outReader.join(5000);
                throw new WberrException(ExitCode.ENVIRONMENT, "kernel: run-qemu.sh did not finish within "
                        + (seconds + GRACE_SECONDS) + " s; stopped it" + tail(errTail));
            }
            errReader.join(10000);
            outReader.join(10000);
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            throw WberrException.environment("kernel: interrupted while the guest ran", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway.
            }
        }
        synchronized (lines) {
            return new Run(p.exitValue(), lines, tail(errTail));
        }
    }

    private void report(String line, long start) {
        WberrLine.parse(line).ifPresent(l -> {
            String at = String.format("%5.1f s", (System.nanoTime() - start) / 1e9);
            switch (l.kind()) {
                case "hello" -> progress.accept("kernel: " + at + "  booted " + l.get("kernel", "?")
                        + ", " + l.get("fs", "?") + " mounted");
                case "end" -> progress.accept("kernel: " + at + "  scenario " + l.get("scenario", "?") + ": "
                        + l.get("status", "?"));
                case "host" -> progress.accept("kernel: " + at + "  guest finished (" + l.get("status", "?")
                        + ", boot took " + l.get("wall_ms", "?") + " ms)");
                default -> {
                    // Not worth a line.
                }
            }
        });
    }

    /**
     * Registers a user's kernel patch on top of the variant {@code base}'s kernel (build-kernel.sh
     * --register-patch) and returns the name of the patched kernel ({@code user-KEY}), which {@link #run} boots
     * (built on first use: the base's patch, then this one, in the shared tree). An unknown base or a file that
     * is not a patch is bad input (exit 2).
     */
    public String registerPatch(String base, Path patch) {
        List<String> lines = new ArrayList<>();
        int code = script("build-kernel.sh", List.of("--register-patch", base, patch.toAbsolutePath().toString()),
                "registering the patch " + patch, lines).code();
        String name = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        if (code == 2) {
            throw new WberrException(ExitCode.BAD_INPUT, patch + ": " + String.join("; ", lines));
        }
        if (code != 0 || !name.matches("user-[0-9a-f]{12}")) {
            throw new WberrException(ExitCode.ENVIRONMENT, "kernel: registering the patch " + patch + " failed"
                    + " (build-kernel.sh exited with " + code + "): " + String.join("; ", lines));
        }
        return name;
    }

    private void script(String name, List<String> args, String what) {
        Outcome o = script(name, args, what, null);
        int code = o.code();
        if (code == 0) {
            return;
        }
        String msg = "kernel: " + what + " failed (" + name + " exited with " + code + ")";
        if (code == 3 && name.equals("install-deps.sh")) {
            msg = "kernel: the kernel oracle's dependencies are missing and " + name + " could not install them"
                    + " (it must run as root once: sudo " + scripts.resolve(name) + ")";
        }
        throw new WberrException(ExitCode.ENVIRONMENT, msg + tail(o.tail()));
    }

    /** A script's exit code and the tail of what it printed. */
    private record Outcome(int code, Deque<String> tail) {
    }

    /**
     * Runs a script to its end. {@code output}, if not null, gets every line it prints (stdout and stderr);
     * otherwise build-kernel.sh's progress lines go to the progress consumer.
     */
    private Outcome script(String name, List<String> args, String what, List<String> output) {
        List<String> cmd = new ArrayList<>();
        cmd.add(scripts.resolve(name).toString());
        cmd.addAll(args);
        Process p = start(cmd);
        Deque<String> tail = new ArrayDeque<>();
        Thread out = drain(p.getInputStream(), tail, output == null ? null : l -> {
            synchronized (output) {
                output.add(l);
            }
        });
        // build-kernel.sh's lines say what a long build is doing: pass them on.
        Thread err = drain(p.getErrorStream(), tail, l -> {
            if (output != null) {
                synchronized (output) {
                    output.add(l);
                }
            } else if (l.startsWith("build-kernel: ")) {
                progress.accept("kernel: " + l);
            }
        });
        // A build runs for minutes: if the JVM is stopped meanwhile, stop the script (it stops make and
        // reverts its patch on TERM) rather than leave it running.
        Thread hook = new Thread(() -> stop(p), "wberr-stop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        int code;
        try {
            code = p.waitFor();
            out.join();
            err.join();
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            throw WberrException.environment("kernel: interrupted while " + what, e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway.
            }
        }
        return new Outcome(code, tail);
    }

    private Process start(List<String> cmd) {
        Path script = Path.of(cmd.get(0));
        if (!Files.isRegularFile(script)) {
            throw new WberrException(ExitCode.ENVIRONMENT, "kernel: " + script + " not found (the kernel oracle's"
                    + " scripts live in trace-checker/src/main/kernel of a wberr checkout; set WBERR_HOME)");
        }
        try {
            return new ProcessBuilder(cmd).directory(scripts.toFile()).start();
        } catch (IOException e) {
            throw WberrException.environment("kernel: cannot run " + script + ": " + e.getMessage(), e);
        }
    }

    /** Stops the script: TERM (it then stops QEMU and prints its host line), KILL after 10 s. */
    private static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Thread drain(InputStream in, Deque<String> tail, Consumer<String> each) {
        return drain(in, tail, each, l -> true);
    }

    /** Reads {@code in} to its end: each line to {@code each}, the last 15 that {@code kept} accepts to {@code tail}. */
    private static Thread drain(InputStream in, Deque<String> tail, Consumer<String> each,
            java.util.function.Predicate<String> kept) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (each != null) {
                        each.accept(l);
                    }
                    if (tail != null && kept.test(l)) {
                        synchronized (tail) {
                            tail.addLast(l);
                            if (tail.size() > 15) {
                                tail.removeFirst();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // The process went away; what was read is kept.
            }
        }, "wberr-kernel-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String tail(Deque<String> tail) {
        synchronized (tail) {
            List<String> l = tail.stream().filter(s -> !s.isBlank()).toList();
            return l.isEmpty() ? "" : ":\n  " + String.join("\n  ", l);
        }
    }
}
