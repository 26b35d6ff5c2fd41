package org.wberr.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.wberr.core.AtomicFiles;
import org.wberr.core.Display;
import org.wberr.core.InputFiles;
import org.wberr.core.WberrException;
import org.wberr.itf.ItfFormatException;
import org.wberr.itf.ItfReader;
import org.wberr.itf.ItfTrace;
import org.wberr.report.CheckReport;
import org.wberr.subject.Storyboard;
import org.wberr.subject.Subject;
import org.wberr.subject.Subjects;

/**
 * The HTML report of a check: one self-contained page (its CSS inline, its diagrams inline SVG, no script, nothing
 * fetched) with, per spec, the variant-by-property matrix (expected and actual, each cell linked to its model's
 * story), every counterexample as a sequence diagram with its property's text, the conformance and coverage figures
 * per configuration, links to the ITF files, and a scenario run with its judges side by side when one is given.
 * Built from check's JSON ({@code wberr check --json}), the traces under its output directory and the specs.
 */
public final class HtmlReport {
    /** Where check writes it, under its output directory. */
    public static final String FILE = "report/index.html";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode check;
    private final Path outDir;
    private final Path specsDir;
    private final JsonNode scenarios;
    private final JsonNode index;

    /**
     * @param check     check's JSON
     * @param outDir    check's output directory (its traces; the report goes to {@link #FILE} under it)
     * @param specsDir  the specs, for the properties' text (null: none shown)
     * @param scenarios {@code wberr scenario --json}'s array, or null
     */
    public HtmlReport(JsonNode check, Path outDir, Path specsDir, JsonNode scenarios) {
        this.check = check;
        this.outDir = outDir;
        this.specsDir = specsDir;
        this.scenarios = scenarios;
        this.index = readIndex(outDir.resolve("traces/index.json"));
    }

    /** check's JSON read from {@code file}; anything that is not check's JSON is bad input naming the file. */
    public static JsonNode readCheckJson(Path file) {
        String where = Display.path(file);
        JsonNode root = InputFiles.json(MAPPER, InputFiles.text(file, where), where);
        if (!root.isObject() || !root.path("models").isArray() || !root.path("summary").isObject()) {
            throw WberrException.badInput(where, "not the JSON of `wberr check --json`: expected an object with"
                    + " \"summary\" and \"models\"");
        }
        return root;
    }

    /** {@code wberr scenario --json}'s output read from {@code file}: an array, else bad input naming the file. */
    public static JsonNode readScenarioJson(Path file) {
        String where = Display.path(file);
        JsonNode root = InputFiles.json(MAPPER, InputFiles.text(file, where), where);
        if (!root.isArray()) {
            throw WberrException.badInput(where, "not the JSON of `wberr scenario --json`: expected an array of"
                    + " scenarios");
        }
        return root;
    }

    private static JsonNode readIndex(Path file) {
        try {
            return Files.isRegularFile(file) ? MAPPER.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Writes the page to {@code outDir}/{@link #FILE}, whole or not at all; returns its path. */
    public Path write() {
        Path file = outDir.resolve(FILE);
        try {
            AtomicFiles.write(file, html().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw WberrException.environment("cannot write " + Display.path(file) + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The page. */
    public String html() {
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"color-scheme\" content=\"light dark\">")
                // No script and nothing fetched: the policy makes the browser refuse both, should a string slip by.
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src"
                        + " 'unsafe-inline'; img-src data:\">")
                .append("<link rel=\"icon\" href=\"data:,\"><title>wberr check</title><style>")
                .append(css()).append("</style></head><body>\n");
        Map<String, List<JsonNode>> bySpec = new LinkedHashMap<>();
        check.path("models").forEach(m -> bySpec.computeIfAbsent(m.path("spec").asText(), k -> new ArrayList<>())
                .add(m));
        summary(sb, bySpec);
        for (Map.Entry<String, List<JsonNode>> spec : bySpec.entrySet()) {
            matrix(sb, spec.getKey(), spec.getValue());
        }
        for (Map.Entry<String, List<JsonNode>> spec : bySpec.entrySet()) {
            stories(sb, spec.getKey(), spec.getValue());
        }
        configurations(sb);
        scenarioRun(sb);
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static String css() {
        try (InputStream in = HtmlReport.class.getResourceAsStream("report.css")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("report.css is missing from the jar", e);
        }
    }

    private void summary(StringBuilder sb, Map<String, List<JsonNode>> bySpec) {
        JsonNode s = check.path("summary");
        sb.append("<header><h1>wberr check</h1><p class=\"totals\">");
        sb.append(String.format(Locale.ROOT, "%d models: <span class=\"%s\">%d as expected</span>, %d differ, %d could"
                + " not be checked; %.1f s wall", s.path("models").asLong(), s.path("allAsExpected").asBoolean()
                        ? "good" : "bad", s.path("asExpected").asLong(), s.path("differ").asLong(),
                s.path("couldNotBeChecked").asLong(), s.path("wallSeconds").asDouble()));
        if (s.path("slowModelsSkipped").asLong() > 0) {
            sb.append(String.format(Locale.ROOT, " (%d slow models not checked: --slow)",
                    s.path("slowModelsSkipped").asLong()));
        }
        sb.append("</p>");
        if (s.has("transitions")) {
            sb.append(String.format(Locale.ROOT, "<p class=\"conformance\">Java model: %s on %,d of %,d transitions of"
                    + " %d state graphs (%,d steps). Traces: %,d files, %.1f MB; <a href=\"%s\">index.json</a>.</p>",
                    s.path("conforms").asBoolean() ? "<span class=\"good\">conforms</span>"
                            : "<span class=\"bad\">does not conform</span>",
                    s.path("transitionsCompared").asLong(), s.path("transitions").asLong(),
                    s.path("configurations").asLong(), s.path("conformanceSteps").asLong(),
                    s.path("traceFiles").asLong(), s.path("traceBytes").asLong() / 1e6, link("traces/index.json")));
        }
        sb.append("<nav><ul>");
        for (String spec : bySpec.keySet()) {
            sb.append("<li><a href=\"#").append(Html.id("spec-", spec)).append("\">").append(Html.escape(spec))
                    .append("</a></li>");
        }
        sb.append("<li><a href=\"#configurations\">conformance and coverage</a></li>")
                .append("<li><a href=\"#scenarios\">scenario run</a></li></ul></nav></header>\n");
    }

    /** A spec's matrix: rows the property (with its qualifier), columns the variants; a cell per model. */
    private void matrix(StringBuilder sb, String spec, List<JsonNode> models) {
        List<String> variants = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        Map<String, List<JsonNode>> cells = new LinkedHashMap<>();
        for (JsonNode m : models) {
            String variant = m.path("variant").asText();
            String row = CheckReport.rowKey(m.path("model").asText(), variant, m.path("property").asText());
            if (!variants.contains(variant)) {
                variants.add(variant);
            }
            if (!rows.contains(row)) {
                rows.add(row);
            }
            cells.computeIfAbsent(row + "\u0000" + variant, k -> new ArrayList<>()).add(m);
        }
        sb.append("<section class=\"spec\" id=\"").append(Html.id("spec-", spec)).append("\"><h2>")
                .append(Html.escape(spec)).append("</h2><table class=\"matrix\"><thead><tr><th></th>");
        variants.forEach(v -> sb.append("<th scope=\"col\">").append(Html.escape(v)).append("</th>"));
        sb.append("</tr></thead><tbody>");
        for (String row : rows) {
            sb.append("<tr><th scope=\"row\">").append(Html.escape(row)).append("</th>");
            for (String v : variants) {
                List<JsonNode> ms = cells.get(row + "\u0000" + v);
                if (ms == null) {
                    sb.append("<td class=\"none\">-</td>");
                    continue;
                }
                sb.append("<td>");
                for (JsonNode m : ms) {
                    cell(sb, m);
                }
                sb.append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table><p class=\"legend\">Each cell: TLC's verdict, \u2713 where it is the manifest's"
                + " expected one, else the expected one in brackets. A cell links to its model: its counterexample as a sequence diagram, or its"
                + " figures.</p></section>\n");
    }

    /** One model's cell: a link with its actual verdict, the expected one when they differ, and its status. */
    static void cell(StringBuilder sb, JsonNode m) {
        String actual = m.path("actual").asText();
        String expected = m.path("expected").asText();
        String status = m.path("status").asText();
        String kind = switch (status) {
            case "as-expected" -> actual;
            case "differs" -> "differs";
            default -> "error";
        };
        sb.append("<a class=\"cell ").append(Html.escape(kind)).append("\" href=\"#")
                .append(Html.id("m-", m.path("model").asText())).append("\" data-model=\"")
                .append(Html.escape(m.path("model").asText())).append("\" data-expected=\"").append(Html.escape(expected))
                .append("\" data-actual=\"").append(Html.escape(actual)).append("\">").append(Html.escape(actual));
        sb.append("as-expected".equals(status) ? " <small title=\"as the manifest expects\">\u2713</small>"
                : " <small>(expected " + Html.escape(expected) + ")</small>");
        sb.append("</a>");
    }

    /** A spec's models: each counterexample as a diagram, the models that hold as a table. */
    private void stories(StringBuilder sb, String spec, List<JsonNode> models) {
        Storyboard storyboard = Subjects.bySpec(spec).map(Subject::storyboard).orElse(null);
        sb.append("<section class=\"stories\"><h2>").append(Html.escape(spec)).append(": the models</h2>");
        List<JsonNode> plain = new ArrayList<>();
        for (JsonNode m : models) {
            if (m.hasNonNull("counterexample")) {
                counterexample(sb, m, storyboard);
            } else {
                plain.add(m);
            }
        }
        if (!plain.isEmpty()) {
            sb.append("<table class=\"models\"><thead><tr><th>model</th><th>variant</th><th>property</th>"
                    + "<th>expected</th><th>actual</th><th>distinct states</th><th>configuration</th><th>conforms</th>"
                    + "</tr></thead><tbody>");
            for (JsonNode m : plain) {
                sb.append("<tr id=\"").append(Html.id("m-", m.path("model").asText())).append("\"><td>")
                        .append(Html.escape(m.path("model").asText())).append("</td><td>")
                        .append(Html.escape(m.path("variant").asText())).append("</td><td>")
                        .append(Html.escape(m.path("property").asText())).append("</td><td>")
                        .append(Html.escape(m.path("expected").asText())).append("</td><td>");
                cell(sb, m);
                sb.append("</td><td class=\"num\">").append(m.hasNonNull("distinctStates")
                        ? String.format(Locale.ROOT, "%,d", m.path("distinctStates").asLong()) : "-").append("</td><td>");
                configLink(sb, m.path("configuration").asText(null));
                sb.append("</td><td>").append(conforms(m.path("conforms"))).append("</td></tr>");
                if (m.hasNonNull("error")) {
                    sb.append("<tr><td colspan=\"8\" class=\"bad\">").append(Html.escape(m.path("error").asText()))
                            .append("</td></tr>");
                }
            }
            sb.append("</tbody></table>");
        }
        sb.append("</section>\n");
    }

    private static String conforms(JsonNode c) {
        return c.isBoolean() ? (c.asBoolean() ? "<span class=\"good\">yes</span>" : "<span class=\"bad\">no</span>")
                : "-";
    }

    private void configLink(StringBuilder sb, String config) {
        if (config == null) {
            sb.append("-");
            return;
        }
        sb.append("<a href=\"#").append(Html.id("c-", config)).append("\">").append(Html.escape(config)).append("</a>");
    }

    /** A counterexample: what it violates, the property's text, the diagram, the ITF file. */
    private void counterexample(StringBuilder sb, JsonNode m, Storyboard storyboard) {
        String model = m.path("model").asText();
        String property = m.path("property").asText();
        String file = m.path("counterexample").asText();
        sb.append("<article class=\"counterexample\" id=\"").append(Html.id("m-", model)).append("\"><h3>")
                .append(Html.escape(model)).append("</h3><p>Variant <b>").append(Html.escape(m.path("variant").asText()))
                .append("</b>; TLC: ");
        cell(sb, m);
        JsonNode v = m.path("violation");
        sb.append(" (").append(Html.escape(v.path("kind").asText("?"))).append(' ')
                .append(Html.escape(v.path("name").asText(property))).append("); trace: <a class=\"itf\" href=\"")
                .append(link(file)).append("\">").append(Html.escape(file)).append("</a></p>");
        String text = PropertyText.find(specsDir, v.path("name").asText(property));
        if (text != null) {
            sb.append("<pre class=\"property\">").append(Html.escape(text)).append("</pre>");
        }
        ItfTrace trace;
        try {
            trace = ItfReader.read(outDir.resolve(file));
        } catch (ItfFormatException | WberrException e) {
            sb.append("<p class=\"bad\">cannot draw it: ").append(Html.escape(e.getMessage())).append("</p></article>");
            return;
        }
        if (storyboard == null) {
            sb.append("<p class=\"bad\">no storyboard for spec ").append(Html.escape(m.path("spec").asText()))
                    .append(": the trace is linked above</p></article>");
            return;
        }
        sb.append(diagram(trace, storyboard, m.path("variant").asText(), model, "violates "
                + v.path("name").asText(property)));
        String loop = trace.metaText("loopActionTaken");
        if (loop != null) {
            sb.append("<p class=\"loop\">Then ").append("stutter".equals(loop) ? "it stutters forever: no variable"
                    + " changes again" : Html.escape(loop) + " leads back to an earlier state, and the behaviour"
                    + " repeats from there forever").append(" (a lasso: the property is violated in the limit).</p>");
        }
        sb.append("</article>\n");
    }

    /** The diagram of a counterexample, its last step marked as the violating one. */
    static String diagram(ItfTrace trace, Storyboard storyboard, String variant, String caption, String violation) {
        SequenceDiagram d = SequenceDiagram.of(trace, storyboard, variant, SequenceDiagram.violatingIndex(trace));
        return "<div class=\"scroll\">" + DiagramSvg.render(d, caption, violation) + "</div>";
    }

    /** A link from the report to a file under the output directory. */
    private static String link(String relative) {
        return Html.escape("../" + relative);
    }

    /** Per configuration: its graph, what coverage took, what the Java model compared, and its traces. */
    private void configurations(StringBuilder sb) {
        sb.append("<section id=\"configurations\"><h2>Conformance and coverage</h2>");
        JsonNode configs = check.path("configurations");
        if (!configs.isArray() || configs.isEmpty()) {
            sb.append("<p>No export in this check (--no-export): no conformance figures.</p></section>\n");
            return;
        }
        sb.append("<table class=\"configs\"><thead><tr><th>configuration</th><th>spec</th><th>states</th>"
                + "<th>transitions</th><th>covered</th><th>compared on the Java model</th><th>behaviours</th>"
                + "<th>steps</th><th>conforms</th><th>traces</th></tr></thead><tbody>");
        for (JsonNode c : configs) {
            String name = c.path("name").asText();
            JsonNode x = index == null ? null : index.path("configurations").path(name);
            sb.append("<tr id=\"").append(Html.id("c-", name)).append("\"><td>").append(Html.escape(name))
                    .append("</td><td>").append(Html.escape(c.path("spec").asText())).append("</td>");
            number(sb, c.path("states"));
            number(sb, c.path("transitions"));
            if (x != null && x.has("covered") && c.path("transitions").asLong() > 0) {
                sb.append(String.format(Locale.ROOT, "<td class=\"num\">%,d (%.1f%%)</td>", x.path("covered").asLong(),
                        100.0 * x.path("covered").asLong() / c.path("transitions").asLong()));
            } else {
                sb.append("<td class=\"num\">-</td>");
            }
            number(sb, c.path("transitionsCompared"));
            number(sb, c.path("behaviours"));
            number(sb, c.path("steps"));
            sb.append("<td>").append(conforms(c.path("conforms"))).append("</td><td>");
            if (x != null && x.hasNonNull("directory")) {
                sb.append("<a href=\"").append(link(x.path("directory").asText())).append("/\">ITF files</a>");
            } else {
                sb.append("-");
            }
            sb.append("</td></tr>");
        }
        sb.append("</tbody></table></section>\n");
    }

    private static void number(StringBuilder sb, JsonNode n) {
        sb.append("<td class=\"num\">").append(n.isNumber() ? String.format(Locale.ROOT, "%,d", n.asLong()) : "-")
                .append("</td>");
    }

    /** The scenario run, its judges side by side; or how to get one into the report. */
    private void scenarioRun(StringBuilder sb) {
        sb.append("<section id=\"scenarios\"><h2>Scenario run</h2>");
        if (scenarios == null) {
            sb.append("<p>Check runs no scenario. To show one with its judges side by side: <code>wberr scenario"
                    + " FILE... --against model,spec,kernel --json run.json</code>, then <code>wberr report --scenarios"
                    + " run.json</code>.</p></section>\n");
            return;
        }
        for (JsonNode s : scenarios) {
            List<String> judges = new ArrayList<>();
            for (JsonNode step : s.path("steps")) {
                step.path("answers").fieldNames().forEachRemaining(j -> {
                    if (!judges.contains(j)) {
                        judges.add(j);
                    }
                });
            }
            sb.append("<h3>").append(Html.escape(s.path("file").asText())).append(" <small>(variant ")
                    .append(Html.escape(s.path("variant").asText())).append(")</small> ")
                    .append(s.path("agree").asBoolean() ? "<span class=\"good\">judges agree</span>"
                            : "<span class=\"bad\">judges disagree</span>").append("</h3>");
            JsonNode kernel = s.path("kernel");
            if (kernel.isObject()) {
                List<String> facts = new ArrayList<>();
                kernel.fields().forEachRemaining(e -> facts.add(e.getKey() + ": " + e.getValue().asText()));
                sb.append("<p class=\"kernel\">kernel: ").append(Html.escape(String.join("; ", facts))).append("</p>");
            }
            sb.append("<table class=\"scenario\"><thead><tr><th>line</th><th>step</th><th>expect</th>");
            judges.forEach(j -> sb.append("<th>").append(Html.escape(j)).append("</th>"));
            sb.append("</tr></thead><tbody>");
            for (JsonNode step : s.path("steps")) {
                String expect = step.path("expect").isTextual() ? step.path("expect").asText() : null;
                sb.append("<tr><td class=\"num\">").append(step.path("line").asInt()).append("</td><td><code>")
                        .append(Html.escape(step.path("step").asText())).append("</code></td><td>")
                        .append(Html.escape(expect == null ? "" : expect)).append("</td>");
                for (String j : judges) {
                    JsonNode a = step.path("answers").path(j);
                    if (a.isTextual()) {
                        sb.append("<td>").append(Html.escape(a.asText())).append("</td>");
                    } else {
                        sb.append("<td class=\"muted\" title=\"")
                                .append(Html.escape(step.path("notJudged").path(j).asText("not judged")))
                                .append("\">not judged</td>");
                    }
                }
                sb.append("</tr>");
            }
            sb.append("</tbody></table>");
        }
        sb.append("</section>\n");
    }
}
