package org.wberr.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import org.wberr.core.Display;
import org.wberr.core.ExitCode;
import org.wberr.report.html.HtmlReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wberr report}: rebuilds the HTML report from check's JSON, without checking anything again. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {
            "Write the HTML report of a check from its JSON (`wberr check --json FILE`), without checking again.",
            "",
            "One self-contained page, <out>/" + HtmlReport.FILE + " (no script, nothing fetched): per spec the"
                + " variant-by-property matrix (actual and expected verdicts, coloured, each cell linked to its model),"
                + " every counterexample as a sequence diagram (a lane per actor, an arrow per step named after the"
                + " kernel function its action mirrors, the values it changed, the violating step highlighted, the"
                + " property's text from the spec), the conformance and coverage figures of each state graph, links"
                + " to the ITF files, and with --scenarios a scenario run with its judges side by side. `wberr check`"
                + " writes the same page after every run.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the report was written",
            "2:bad input: the JSON is missing, not JSON, or not check's (or scenario's, for --scenarios)",
            "3:the report could not be written"})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", paramLabel = "FILE", required = true,
            description = "check's JSON, as `wberr check --json FILE` wrote it.")
    Path json;

    @Option(names = "--out", paramLabel = "DIR", description = "check's output directory, where its traces are and"
            + " the report goes (default: the JSON's summary.outDir, else <WBERR_HOME>/target/wberr).")
    Path out;

    @Option(names = "--specs-dir", paramLabel = "DIR",
            description = "Where the specs are, for the properties' text (default: <WBERR_HOME>/specs).")
    Path specsDir;

    @Option(names = "--scenarios", paramLabel = "FILE", description = "A scenario run to show, its judges side by"
            + " side: the JSON of `wberr scenario ... --json FILE`.")
    Path scenarios;

    @Override
    public Integer call() {
        JsonNode check = HtmlReport.readCheckJson(json);
        JsonNode run = scenarios == null ? null : HtmlReport.readScenarioJson(scenarios);
        String recorded = check.path("summary").path("outDir").asText(null);
        Path dir = out != null ? out : recorded != null ? Path.of(recorded)
                : Main.home().resolve("target").resolve("wberr");
        Path specs = specsDir != null ? specsDir : Main.home().resolve("specs");
        Path file = new HtmlReport(check, dir.toAbsolutePath().normalize(), specs, run).write();
        spec.commandLine().getOut().println("Report: " + Display.path(file));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
