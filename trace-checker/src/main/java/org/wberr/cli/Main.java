package org.wberr.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.wberr.core.Display;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the wberr command line. Subcommands are declared here; every failure is mapped to an
 * exit code in {@link #newCommandLine}, the one place that does so (see {@link ExitCode}).
 */
@Command(name = "wberr", mixinStandardHelpOptions = true, version = "wberr " + Main.VERSION,
        description = {"A formal model of Linux writeback-error reporting (errseq_t, fsync, ext4).",
                "TLA+ specs are checked with TLC, their behaviours replayed against a Java",
                "implementation, and scenarios judged by model, spec and a real kernel."},
        subcommands = {CommandLine.HelpCommand.class, CheckCommand.class, ExportCommand.class, GenTestsCommand.class, ReplayCommand.class,
                ScenarioCommand.class, KernelCommand.class, ReportCommand.class})
public final class Main implements Runnable {
    /** wberr's version (traces name it in their #meta). */
    public static final String VERSION = "0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The repository root (where specs/ lives): -DWBERR_HOME set by the launcher, else the working directory. */
    public static Path home() {
        String home = System.getProperty("WBERR_HOME", System.getenv().getOrDefault("WBERR_HOME", "."));
        return Paths.get(home).toAbsolutePath().normalize();
    }

    /** A command line whose errors become messages and exit codes; tests use it with their own writers. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(t -> t instanceof WberrException w ? w.exitCode() : ExitCode.ENVIRONMENT);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof WberrException w) {
                e.println("wberr: " + Display.shorten(w.getMessage(), Display.MAX_MESSAGE));
                e.flush();
                return w.exitCode();
            }
            // Anything else is a bug or an environment failure: say so in one line, keep the trace
            // behind WBERR_DEBUG for whoever fixes it.
            e.println("wberr: internal error: " + Display.shorten(String.valueOf(ex), Display.MAX_MESSAGE));
            if (System.getenv("WBERR_DEBUG") != null) {
                ex.printStackTrace(e);
            }
            e.flush();
            return ExitCode.ENVIRONMENT;
        });
        // picocli's own usage errors (unknown option, missing parameter) exit with 2, as bad usage.
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("wberr: " + ex.getMessage());
            e.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            e.flush();
            return ExitCode.BAD_INPUT;
        });
        return cl;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(newCommandLine(out, err).execute(args));
    }
}
