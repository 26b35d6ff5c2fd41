package org.wberr.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wberr.check.JobResult;
import org.wberr.check.ModelOutcome;
import org.wberr.conformance.Conformance;
import org.wberr.core.AtomicFiles;
import org.wberr.core.Display;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.itf.TlaPrinter;
import org.wberr.manifest.Mode;
import org.wberr.manifest.ModelEntry;

/**
 * What {@code wberr check} prints and writes: the matrix (one row per model), a summary line, each
 * counterexample as a step list, and the same matrix as JSON.
 */
public final class CheckReport {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] HEADER = {"SPEC", "MODEL", "VARIANT", "PROPERTY", "EXPECTED", "ACTUAL",
        "STATES", "SECONDS", ""};
    private static final String[] EXPORT_HEADER = {"TRACES", "STEPS", "COVERED"};
    private static final String CONFORMS_HEADER = "CONFORMS";

    private final List<ModelOutcome> outcomes;
    private final double wallSeconds;
    private final int skippedSlow;
    /** The export and replay, null without export. */
    private final ExportSummary export;

    public CheckReport(List<ModelOutcome> outcomes, double wallSeconds, int skippedSlow) {
        this(outcomes, wallSeconds, skippedSlow, null);
    }

    public CheckReport(List<ModelOutcome> outcomes, double wallSeconds, int skippedSlow, ExportSummary export) {
        this.outcomes = List.copyOf(outcomes);
        this.wallSeconds = wallSeconds;
        this.skippedSlow = skippedSlow;
        this.export = export;
    }

    /** The header: the model-checking columns, then the export's (and the replay's), then the mark. */
    private String[] header() {
        List<String> h = new ArrayList<>(List.of(HEADER).subList(0, HEADER.length - 1));
        if (export != null) {
            h.addAll(List.of(EXPORT_HEADER));
            if (export.replayed()) {
                h.add(CONFORMS_HEADER);
            }
        }
        h.add("");
        return h.toArray(new String[0]);
    }

    /** Columns aligned right: numbers. */
    private static boolean rightAligned(String column) {
        return List.of("STATES", "SECONDS", "TRACES", "STEPS", "COVERED").contains(column);
    }

    /**
     * One screen: per spec a matrix of the models' verdicts (rows: the property, with the errors mode or other
     * qualifier the model's name carries; columns: the variants), each differing model named below it, one
     * conformance line per spec, then the totals and where the traces are. {@link #printVerbose} has a row per
     * model and the counterexamples.
     */
    public void print(PrintWriter out) {
        java.util.Map<String, List<ModelOutcome>> bySpec = new java.util.LinkedHashMap<>();
        outcomes.forEach(o -> bySpec.computeIfAbsent(o.entry().spec(), k -> new ArrayList<>()).add(o));
        for (java.util.Map.Entry<String, List<ModelOutcome>> spec : bySpec.entrySet()) {
            printSpecMatrix(spec.getKey(), spec.getValue(), out);
            out.println();
        }
        out.println(summary());
        long retried = outcomes.stream().filter(o -> o.retried() != null).count();
        if (retried > 0) {
            out.printf(Locale.ROOT, "%d model%s checked again in a JVM of %s own after the batch JVM's run went wrong"
                    + " (--verbose says why)%n", retried, retried == 1 ? "" : "s", retried == 1 ? "its" : "their");
        }
        if (export != null) {
            export.footer().forEach(out::println);
            List<Conformance.FileResult> mismatches = export.mismatches();
            if (!mismatches.isEmpty()) {
                out.println();
                out.println("Mismatch: " + mismatches.get(0).mismatch().render());
                if (mismatches.size() > 1) {
                    out.println("... and " + (mismatches.size() - 1) + " more non-conforming traces (--verbose)");
                }
            }
        }
        long counterexamples = outcomes.stream().filter(o -> o.result() != null
                && o.result().counterexample() != null).count();
        if (counterexamples > 0) {
            out.printf(Locale.ROOT, "%d counterexample%s, each as numbered steps, and a row per model: --verbose%n",
                    counterexamples, counterexamples == 1 ? "" : "s");
        }
        out.flush();
    }

    /** A spec's matrix, its differing models, and its conformance line. */
    private void printSpecMatrix(String spec, List<ModelOutcome> models, PrintWriter out) {
        List<String> variants = new ArrayList<>();
        List<String> rowKeys = new ArrayList<>();
        java.util.Map<String, String> cells = new java.util.HashMap<>();
        List<String> notes = new ArrayList<>();
        for (ModelOutcome o : models) {
            ModelEntry e = o.entry();
            if (!variants.contains(e.variant())) {
                variants.add(e.variant());
            }
            String row = rowKey(e);
            if (!rowKeys.contains(row)) {
                rowKeys.add(row);
            }
            String cell = switch (o.exitCode()) {
                case ExitCode.OK -> o.actual();
                case ExitCode.DIFFERS -> "DIFF " + o.actual();
                default -> "ERROR";
            };
            cells.merge(row + "\u0000" + e.variant(), cell, (a, b) -> a + "," + b);
            if (o.exitCode() == ExitCode.DIFFERS) {
                notes.add("  DIFF " + e.model() + ": " + String.join("; ", o.differences()));
            } else if (o.exitCode() != ExitCode.OK) {
                notes.add("  ERROR " + e.model() + " (the error is on stderr)");
            }
        }
        long ok = models.stream().filter(ModelOutcome::asExpected).count();
        out.printf(Locale.ROOT, "%s: %d model%s, %s%n", spec, models.size(), models.size() == 1 ? "" : "s",
                ok == models.size() ? "every verdict and state count as the manifest says"
                        : (models.size() - ok) + " not as the manifest says");
        List<String[]> table = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of(""));
        header.addAll(variants);
        table.add(header.toArray(new String[0]));
        for (String row : rowKeys) {
            List<String> line = new ArrayList<>(List.of(row));
            for (String v : variants) {
                line.add(cells.getOrDefault(row + "\u0000" + v, "-"));
            }
            table.add(line.toArray(new String[0]));
        }
        printTable(table, out, "  ");
        notes.forEach(out::println);
        if (export != null) {
            String c = export.conformanceLine(spec);
            if (c != null) {
                out.println("  " + c);
            }
        }
    }

    /**
     * A model's row in its spec's matrix: what its name says besides spec and variant, the errors mode or other
     * qualifier before the property's name (ext4-v5.9-errseq-remount-ro-ErrorDetected: "remount-ro ErrorDetected"),
     * suffixes after it (fsync-v4.17-ReportedOnce-resident: "ReportedOnce-resident").
     */
    static String rowKey(ModelEntry e) {
        return rowKey(e.model(), e.variant(), e.property());
    }

    /** {@link #rowKey(ModelEntry)} from the model's name, variant and property (check's JSON has them). */
    public static String rowKey(String model, String variant, String property) {
        String mark = "-" + variant + "-";
        int at = model.indexOf(mark);
        // Without the variant in its name (errseq-wrap-NoMissedError), all but the spec's prefix.
        String rest = at >= 0 ? model.substring(at + mark.length())
                : model.indexOf('-') > 0 ? model.substring(model.indexOf('-') + 1) : model;
        String base = property.replaceAll("(Inv|Prop)$", "");
        int p = rest.indexOf(base);
        return p > 0 && rest.charAt(p - 1) == '-' ? rest.substring(0, p - 1) + " " + rest.substring(p) : rest;
    }

    /** Prints rows as left-aligned columns two spaces apart, each line with {@code indent}. */
    private static void printTable(List<String[]> rows, PrintWriter out, String indent) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder(indent);
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]).append(" ".repeat(width[i] - r[i].length())).append("  ");
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    /** The matrix with a row per model, the summary lines and every counterexample as numbered steps. */
    public void printVerbose(PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        String[] header = header();
        rows.add(header);
        for (ModelOutcome o : outcomes) {
            ModelEntry e = o.entry();
            // Simulate mode: TLC's simulator counts no distinct states, and its count of generated states is
            // not reproducible (its worker keeps counting while the simulator stops), so none is shown.
            String statesText = o.distinctStates() == null ? "-" : Long.toString(o.distinctStates());
            List<String> cells = new ArrayList<>(List.of(e.spec(), e.model(), e.variant(), e.property(),
                    e.expected().id(), o.actual(), statesText, String.format(Locale.ROOT, "%.1f", o.seconds())));
            if (export != null) {
                ExportSummary.Row r = export.row(e);
                cells.add(r == null ? "-" : Integer.toString(r.files().size()));
                cells.add(r == null ? "-" : Long.toString(r.steps()));
                cells.add(export.coveredCell(e));
                if (export.replayed()) {
                    cells.add(r == null || r.conforms() == null ? "-" : r.conforms().text);
                }
            }
            cells.add(mark(o));
            rows.add(cells.toArray(new String[0]));
        }
        int[] width = new int[header.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                boolean right = rightAligned(header[i]);
                String cell = right ? " ".repeat(width[i] - r[i].length()) + r[i]
                        : r[i] + " ".repeat(width[i] - r[i].length());
                sb.append(cell).append(i < r.length - 1 ? "  " : "");
            }
            out.println(sb.toString().stripTrailing());
        }
        out.println();
        out.println(summary());
        if (export != null) {
            export.summary().forEach(out::println);
        }
        for (ModelOutcome o : outcomes) {
            if (o.result() != null && o.result().counterexample() != null) {
                out.println();
                printCounterexample(o, out);
            }
        }
        if (export != null) {
            List<Conformance.FileResult> mismatches = export.mismatches();
            int shown = Math.min(mismatches.size(), MAX_MISMATCHES_SHOWN);
            for (int i = 0; i < shown; i++) {
                out.println();
                out.println("Mismatch: " + mismatches.get(i).mismatch().render());
            }
            if (mismatches.size() > shown) {
                out.println();
                out.println("... and " + (mismatches.size() - shown) + " more non-conforming traces (all in --json)");
            }
        }
        out.flush();
    }

    /** Non-conforming traces printed in full; the rest are counted (and all are in --json). */
    static final int MAX_MISMATCHES_SHOWN = 20;

    /** "3 models: 2 as expected, 1 differs, 0 failed; 4.1 s of model checking, 2.3 s wall time". */
    String summary() {
        long ok = outcomes.stream().filter(ModelOutcome::asExpected).count();
        long differ = outcomes.stream().filter(o -> o.exitCode() == ExitCode.DIFFERS).count();
        long failed = outcomes.size() - ok - differ;
        double sum = outcomes.stream().mapToDouble(ModelOutcome::seconds).sum();
        return String.format(Locale.ROOT, "%d model%s: %d as expected, %d differ%s, %d could not be checked;"
                + " %.1f s of model checking in %.1f s%s", outcomes.size(), outcomes.size() == 1 ? "" : "s", ok,
                differ, differ == 1 ? "s" : "", failed, sum, wallSeconds, skippedSlow == 0 ? ""
                        : String.format(Locale.ROOT, " (%d slow model%s not checked: --slow)", skippedSlow,
                                skippedSlow == 1 ? "" : "s"));
    }

    private static String mark(ModelOutcome o) {
        return switch (o.exitCode()) {
            case ExitCode.OK -> o.retried() == null ? "" : "(checked again alone: " + o.retried() + ")";
            case ExitCode.DIFFERS -> "DIFF: " + String.join("; ", o.differences());
            default -> "ERROR (see below)";
        };
    }

    private static void printCounterexample(ModelOutcome o, PrintWriter out) {
        ModelEntry e = o.entry();
        JobResult r = o.result();
        JsonNode trace = r.counterexample();
        out.printf("Counterexample: %s / %s (variant %s): %s%s%n", e.spec(), e.model(), e.variant(),
                r.violation().describe(), "inconclusive".equals(r.verdict())
                        ? ", before TLC could judge " + e.property() : "");
        List<String> vars = new ArrayList<>();
        trace.get("vars").forEach(v -> vars.add(v.asText()));
        JsonNode states = trace.get("states");
        JsonNode previous = null;
        for (int i = 0; i < states.size(); i++) {
            JsonNode s = states.get(i);
            out.printf("  %d. %s%n", i, action(s.get("mbt::actionTaken").asText(), s.get("mbt::nondetPicks")));
            if (previous == null) {
                for (String v : vars) {
                    out.printf("       %s = %s%n", v, TlaPrinter.print(s.get(v)));
                }
            } else {
                printChanges(vars, previous, s, out);
            }
            previous = s;
        }
        if (trace.has("loop")) {
            int to = trace.get("loop").asInt();
            JsonNode meta = trace.get("#meta");
            String action = meta.path("loopActionTaken").asText("?");
            if ("stutter".equals(action)) {
                out.printf("  %d. stutters forever in state %d (no variable changes again)%n", states.size(),
                        to);
            } else {
                out.printf("  %d. %s leads back to state %d: the behaviour repeats from there%n", states.size(),
                        action(action, meta.get("loopNondetPicks")), to);
                printChanges(vars, states.get(states.size() - 1), states.get(to), out);
            }
        }
    }

    private static void printChanges(List<String> vars, JsonNode before, JsonNode after, PrintWriter out) {
        List<String> lines = new ArrayList<>();
        for (String v : vars) {
            changes(v, before.get(v), after.get(v), lines);
        }
        if (lines.isEmpty()) {
            lines.add("(no variable changes)");
        }
        lines.forEach(l -> out.println("       " + l));
    }

    /**
     * The changes from {@code a} to {@code b}, as {@code path: old -> new} lines. Where both are records,
     * functions with the same domain, or sequences of the same length, only the changed parts are listed,
     * with a TLA+ path to each ({@code bh.bitmap.dirty}, {@code page[0]}, {@code log[2]}).
     */
    static void changes(String path, JsonNode a, JsonNode b, List<String> lines) {
        if (a == null || b == null || a.equals(b)) {
            if (a != b && (a == null || b == null)) {
                lines.add(path + ": " + TlaPrinter.print(a) + " -> " + TlaPrinter.print(b));
            }
            return;
        }
        if (isRecord(a) && isRecord(b) && fieldNames(a).equals(fieldNames(b))) {
            for (String f : fieldNames(a)) {
                String sub = f.matches("[A-Za-z_][A-Za-z0-9_]*") ? path + "." + f : path + "[" + TlaPrinter.print(
                        JSON.textNode(f)) + "]";
                changes(sub, a.get(f), b.get(f), lines);
            }
        } else if (isMap(a) && isMap(b) && keys(a).equals(keys(b))) {
            JsonNode pa = a.get("#map");
            JsonNode pb = b.get("#map");
            for (int i = 0; i < pa.size(); i++) {
                changes(path + "[" + TlaPrinter.print(pa.get(i).get(0)) + "]", pa.get(i).get(1), pb.get(i).get(1),
                        lines);
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                changes(path + "[" + (i + 1) + "]", a.get(i), b.get(i), lines);
            }
        } else {
            lines.add(path + ": " + TlaPrinter.print(a) + " -> " + TlaPrinter.print(b));
        }
    }

    private static boolean isRecord(JsonNode v) {
        return v.isObject() && !v.isEmpty() && fieldNames(v).stream().noneMatch(f -> f.startsWith("#"));
    }

    private static boolean isMap(JsonNode v) {
        return v.isObject() && v.size() == 1 && v.has("#map");
    }

    private static List<String> fieldNames(JsonNode v) {
        List<String> names = new ArrayList<>();
        v.properties().forEach(e -> names.add(e.getKey()));
        return names;
    }

    private static List<JsonNode> keys(JsonNode map) {
        List<JsonNode> keys = new ArrayList<>();
        map.get("#map").forEach(p -> keys.add(p.get(0)));
        return keys;
    }

    /** {@code Open(f=a, k=1)}; a name without parameters stays bare. */
    static String action(String name, JsonNode picks) {
        if (picks == null || picks.isEmpty()) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name).append('(');
        Iterator<Map.Entry<String, JsonNode>> it = picks.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> p = it.next();
            sb.append(p.getKey()).append('=').append(TlaPrinter.print(p.getValue()));
            if (it.hasNext()) {
                sb.append(", ");
            }
        }
        return sb.append(')').toString();
    }

    /**
     * The check as JSON: {@code summary} (the totals), {@code models} (one object per model, no file lists), and with
     * an export {@code configurations} (per state graph: its models and its conformance); the fields: `wberr check
     * --help`.
     */
    public ObjectNode json() {
        ObjectNode root = JSON.objectNode();
        ObjectNode summary = root.putObject("summary");
        long ok = outcomes.stream().filter(ModelOutcome::asExpected).count();
        long differ = outcomes.stream().filter(o -> o.exitCode() == ExitCode.DIFFERS).count();
        summary.put("models", outcomes.size());
        summary.put("asExpected", ok);
        summary.put("differ", differ);
        summary.put("couldNotBeChecked", outcomes.size() - ok - differ);
        summary.put("slowModelsSkipped", skippedSlow);
        summary.put("retriedAlone", outcomes.stream().filter(o -> o.retried() != null).count());
        summary.put("wallSeconds", Math.round(wallSeconds * 1000) / 1000.0);
        summary.put("allAsExpected", ok == outcomes.size());
        root.set("models", models());
        if (export != null) {
            export.json(summary, root.putArray("configurations"));
        }
        return root;
    }

    private ArrayNode models() {
        ArrayNode rows = JSON.arrayNode();
        for (ModelOutcome o : outcomes) {
            ModelEntry e = o.entry();
            JobResult r = o.result();
            ObjectNode row = rows.addObject();
            row.put("spec", e.spec());
            row.put("model", e.model());
            row.put("variant", e.variant());
            row.put("property", e.property());
            row.put("expected", e.expected().id());
            row.put("actual", o.actual());
            if (o.distinctStates() != null) {
                row.put("distinctStates", o.distinctStates());
            } else {
                row.putNull("distinctStates");
            }
            row.put("asExpected", o.asExpected());
            row.put("seconds", Math.round(o.seconds() * 1000) / 1000.0);
            row.put("status", switch (o.exitCode()) {
                case ExitCode.OK -> "as-expected";
                case ExitCode.DIFFERS -> "differs";
                case ExitCode.BAD_INPUT -> "bad-input";
                default -> "failed";
            });
            row.put("mode", e.mode().id());
            row.put("cfg", e.cfg());
            if (e.distinctStates() != null) {
                row.put("expectedDistinctStates", e.distinctStates());
            }
            if (r != null && r.statesGenerated() != null && e.mode() == Mode.EXHAUSTIVE) {
                row.put("statesGenerated", r.statesGenerated());
            }
            if (!o.differences().isEmpty()) {
                ArrayNode d = row.putArray("differences");
                o.differences().forEach(d::add);
            }
            if (r != null && r.violation() != null) {
                ObjectNode v = row.putObject("violation");
                v.put("kind", r.violation().kind());
                if (r.violation().name() != null) {
                    v.put("name", r.violation().name());
                }
            }
            if (o.error() != null) {
                row.put("error", o.error());
            }
            if (r != null && r.timings() != null) {
                row.set("timingsMs", new ObjectMapper().valueToTree(r.timings()));
            }
            if (o.retried() != null) {
                row.put("retriedAlone", o.retried());
            }
            if (export != null) {
                exportFields(row, e);
            }
        }
        return rows;
    }

    /** The export's fields of a model's JSON row: its configuration, its conformance, its counterexample's file. */
    private void exportFields(ObjectNode row, ModelEntry e) {
        ExportSummary.Row x = export.row(e);
        row.put("configuration", x.config());
        if (x.conforms() == null || x.conforms() == ExportSummary.Conforms.NO_DRIVER) {
            row.putNull("conforms");
        } else {
            row.put("conforms", x.conforms() == ExportSummary.Conforms.YES);
        }
        String counterexample = export.counterexample(e);
        if (counterexample != null) {
            row.put("counterexample", counterexample);
        }
    }

    /** Writes {@link #json()} to {@code file}, whole or not at all. */
    public void writeJson(Path file) {
        try {
            AtomicFiles.write(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json()));
        } catch (IOException e) {
            throw WberrException.badInput(Display.path(file), "cannot write the JSON matrix: " + e.getMessage());
        }
    }
}
