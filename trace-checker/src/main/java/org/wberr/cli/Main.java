package org.wberr.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Main::commandList);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(t -> t instanceof WberrException w ? w.exitCode() : ExitCode.ENVIRONMENT);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof WberrException w) {
                e.println("wberr: " + Display.shorten(w.getMessage(), w.exitCode() == ExitCode.ENVIRONMENT
                        ? Display.MAX_ENVIRONMENT_MESSAGE : Display.MAX_MESSAGE));
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

    /**
     * The command list of {@code wberr --help}: each command with the first sentence of its description, whole and
     * wrapped (picocli's own list shows the description's first line, which cuts a sentence that runs on).
     */
    static String commandList(CommandLine.Help help) {
        Map<String, CommandLine.Help> commands = help.subcommands();
        int name = commands.keySet().stream().mapToInt(String::length).max().orElse(0);
        int width = Math.max(40, help.commandSpec().usageMessage().width() - name - 4);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, CommandLine.Help> c : commands.entrySet()) {
            CommandLine.Model.UsageMessageSpec usage = c.getValue().commandSpec().usageMessage();
            // A header, where a command has one (picocli's help command), is its summary.
            List<String> lines = wrap(firstSentence(usage.header().length > 0 ? usage.header() : usage.description()),
                    width);
            for (int i = 0; i < lines.size(); i++) {
                String left = i == 0 ? c.getKey() : "";
                sb.append("  ").append(left).append(" ".repeat(name - left.length() + 2)).append(lines.get(i))
                        .append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    /** The first sentence of a description's first paragraph (its lines up to an empty one), on one line. */
    static String firstSentence(String[] description) {
        StringBuilder paragraph = new StringBuilder();
        for (String line : description) {
            if (line.isBlank()) {
                if (paragraph.length() > 0) {
                    break;
                }
                continue;
            }
            paragraph.append(paragraph.length() > 0 ? " " : "").append(line.strip());
        }
        String text = paragraph.toString().replaceAll("\\s+", " ");
        Matcher end = Pattern.compile("(?<!\\be\\.g|\\bi\\.e)\\.(?=\\s|$)").matcher(text);
        return end.find() ? text.substring(0, end.end()) : text;
    }

    /** {@code text} in lines of at most {@code width} characters, broken at spaces (a longer word keeps its line). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(newCommandLine(out, err).execute(args));
    }
}
