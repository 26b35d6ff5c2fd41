package org.wberr.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wberr.export.ItfWriter;
import org.wberr.manifest.ModelEntry;

/**
 * {@code <out>/traces/index.json}: what the output directory holds, per configuration (its models, state graph,
 * coverage, traces, bytes, export time) and per counterexample, for people and tools, and for the next run's
 * scheduling (the steps each configuration's export wrote, see {@link ExportPlan#cost}). Entries of configurations
 * and models a run did not select stay as long as their files do.
 */
public final class ExportIndex {
    public static final String FILE = "traces/index.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ExportIndex() {
    }

    /** Steps of each configuration's coverage and random traces in the last run; empty if unknown. */
    static Map<String, Long> previousSteps(Path outDir) {
        Map<String, Long> out = new LinkedHashMap<>();
        JsonNode configs = read(outDir).path("configurations");
        for (Iterator<Map.Entry<String, JsonNode>> it = configs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().path("coverageSteps").asLong(0) + e.getValue().path("randomSteps").asLong(0));
        }
        return out;
    }

    private static JsonNode read(Path outDir) {
        Path f = outDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return JSON.objectNode();
        }
        try {
            return MAPPER.readTree(f.toFile());
        } catch (IOException e) {
            // A broken index only loses scheduling hints and old entries: it is rewritten below.
            return JSON.objectNode();
        }
    }

    /** Writes the index for this run's outcomes (atomically), keeping old entries whose files still exist. */
    public static void write(ExportPlan plan, List<ModelOutcome> outcomes, String version) throws IOException {
        Path outDir = plan.settings().outDir();
        JsonNode old = read(outDir);
        ObjectNode configs = JSON.objectNode();
        ObjectNode counterexamples = JSON.objectNode();
        for (ModelOutcome o : outcomes) {
            JobResult.Export e = o.result() == null ? null : o.result().export();
            if (e == null || e.error() != null) {
                continue;
            }
            ModelEntry m = o.entry();
            ExportPlan.Config c = plan.config(m);
            for (JobResult.TraceFile f : e.files()) {
                if ("counterexample".equals(f.kind())) {
                    ObjectNode x = counterexamples.putObject(m.model());
                    x.put("file", f.path());
                    x.put("steps", f.steps());
                    x.put("bytes", f.bytes());
                    x.put("spec", m.spec());
                    x.put("variant", m.variant());
                    x.put("property", m.property());
                    x.put("configuration", c.name());
                }
            }
            if (!plan.exportsConfig(m)) {
                continue;
            }
            ObjectNode x = configs.putObject(c.name());
            x.put("directory", c.traceDir());
            x.put("spec", m.spec());
            x.put("module", m.module());
            x.put("variant", m.variant());
            x.put("cfg", c.cfg());
            ArrayNode models = x.putArray("models");
            c.members().forEach(mm -> models.add(mm.model()));
            if (e.graph() != null) {
                x.put("states", e.graph().states());
                x.put("transitions", e.graph().transitions());
                x.put("initialStates", e.graph().initialStates());
                x.put("depth", e.graph().depth());
                x.put("crossCheckedWithTlc", e.graph().crossChecked());
            }
            if (e.coverage() != null) {
                x.put("covered", e.coverage().covered());
                x.put("coverageTraces", e.coverage().traces());
                x.put("coverageSteps", e.coverage().steps());
            }
            long randomTraces = e.files().stream().filter(f -> "random".equals(f.kind())).count();
            long randomSteps = e.files().stream().filter(f -> "random".equals(f.kind())).mapToLong(
                    JobResult.TraceFile::steps).sum();
            x.put("randomTraces", randomTraces);
            x.put("randomSteps", randomSteps);
            x.put("bytes", e.files().stream().filter(f -> !"counterexample".equals(f.kind())).mapToLong(
                    JobResult.TraceFile::bytes).sum());
            if (e.millis() != null) {
                x.set("exportMillis", MAPPER.valueToTree(e.millis()));
            }
        }
        keepOld(old.path("configurations"), configs, n -> Files.isDirectory(outDir.resolve(ExportPlan.CONFIGS).resolve(n)));
        keepOld(old.path("counterexamples"), counterexamples, n -> Files.isRegularFile(outDir.resolve(
                ExportPlan.COUNTEREXAMPLES).resolve(n + ".itf.json")));
        ObjectNode root = JSON.objectNode();
        root.put("generator", Exporter.GENERATOR);
        root.put("version", version);
        root.set("configurations", sorted(configs));
        root.set("counterexamples", sorted(counterexamples));
        ItfWriter.write(outDir.resolve(FILE), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    private static void keepOld(JsonNode old, ObjectNode now, java.util.function.Predicate<String> stillThere) {
        for (Iterator<Map.Entry<String, JsonNode>> it = old.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!now.has(e.getKey()) && stillThere.test(e.getKey())) {
                now.set(e.getKey(), e.getValue());
            }
        }
    }

    private static ObjectNode sorted(ObjectNode o) {
        ObjectNode s = JSON.objectNode();
        java.util.TreeMap<String, JsonNode> t = new java.util.TreeMap<>();
        o.fields().forEachRemaining(e -> t.put(e.getKey(), e.getValue()));
        t.forEach(s::set);
        return s;
    }
}
