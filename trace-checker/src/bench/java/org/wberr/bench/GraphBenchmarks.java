package org.wberr.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.wberr.conformance.GraphConformance;
import org.wberr.export.CoverageWalk;
import org.wberr.export.Graph;
import org.wberr.export.GraphValues;
import org.wberr.export.ItfWriter;
import org.wberr.export.StateSpace;
import org.wberr.export.Walk;
import org.wberr.manifest.Manifest;
import org.wberr.manifest.ManifestReader;
import org.wberr.manifest.ModelEntry;
import org.wberr.subject.Subjects;
import org.wberr.tlc.CfgFacts;
import org.wberr.tlc.SpecModel;
import org.wberr.tlc.TlcSession;

/**
 * What {@code wberr check} and {@code wberr export} spend their time on, per configuration, each measured on the
 * same state graph: TLC model checking it ({@link #tlc}, the model holds, so TLC explores the whole graph), wberr's
 * own exploration of it for export and conformance ({@link #explore}), conformance on it ({@link #conformance}:
 * every transition taken on model-java and compared, as check does), and writing every coverage trace as export
 * does ({@link #export}). {@link BenchmarkRatiosTest} runs them and computes the README's ratios.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class GraphBenchmarks {

    /** Models that hold (TLC explores their whole graph), one configuration each, small to big. */
    @Param({"ext4-v5.10-keep-uptodate-continue-NoLostMetadataUpdate", "errseq-v4.17-NoMissedError",
        "fsync-v4.17-NoRepeatReport", "fsync-v8-posting-NoRepeatReport", "errseq-v4.17-NoMissedError-racy-one-errno"})
    public String model;

    ModelEntry entry;
    String specDir;
    SpecModel spec;
    StateSpace space;
    Graph graph;
    List<Walk> walks;
    List<GraphConformance.Behaviour> behaviours;
    ObjectNode meta;
    Path out;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path specs = Path.of(System.getProperty("wberr.specs", "../specs")).toAbsolutePath().normalize();
        Manifest manifest = ManifestReader.read(specs.resolve("manifest.json"), specs);
        entry = manifest.models().stream().filter(m -> m.model().equals(model)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model " + model));
        specDir = specs.toString();
        spec = SpecModel.load(specDir, entry.module(), entry.cfgFile().toString());
        space = new StateSpace(spec);
        graph = space.exploreAll(Long.MAX_VALUE);
        walks = CoverageWalk.of(graph, 2000).walks();
        behaviours = new ArrayList<>();
        for (Walk w : walks) {
            int[] edges = new int[w.steps()];
            for (int i = 0; i < edges.length; i++) {
                edges[i] = graph.edge(w.state(i), w.label(i));
            }
            behaviours.add(new GraphConformance.Behaviour(w.states(), w.labels(), edges));
        }
        meta = JsonNodeFactory.instance.objectNode();
        meta.put("spec", entry.spec());
        meta.put("variant", entry.variant());
        meta.set("constants", CfgFacts.read(specDir, entry.cfgFile().toString()).constants());
        out = Files.createTempDirectory("wberr-bench-");
        // The sizes, for BenchmarkRatiosTest (which cannot load a second spec into its own JVM: TLC's static state).
        Path facts = Path.of("target/bench/" + model + ".facts");
        Files.createDirectories(facts.getParent());
        Files.writeString(facts, graph.states() + " " + graph.edges() + " " + steps() + "\n");
    }

    /** TLC model-checks the configuration (one worker, as check runs it). */
    @Benchmark
    public TlcSession.Result tlc() throws IOException {
        TlcSession.forgetLastRun();
        TlcSession.Result r = TlcSession.run(new TlcSession.Options(specDir, entry.module(),
                entry.cfgFile().toString(), false, null, null, null, false, 1, out.toString()), out.resolve("tlc.log"));
        if (r.distinct == null || r.distinct != graph.states()) {
            throw new IllegalStateException(model + ": TLC found " + r.distinct + " states, the graph has "
                    + graph.states());
        }
        return r;
    }

    /** wberr's exploration of the graph (TLC's evaluator, every transition with its action and parameters). */
    @Benchmark
    public Graph explore() {
        return new StateSpace(spec).exploreAll(Long.MAX_VALUE);
    }

    /** Conformance on the graph: every coverage behaviour taken on model-java, each transition compared once. */
    @Benchmark
    public GraphConformance.Result conformance() {
        GraphConformance.Result r = GraphConformance.check(new GraphValues(space, spec.variables(), graph.states()),
                behaviours, () -> Subjects.driverFor(entry.spec()), Path.of(model), meta, spec.variables(), 1);
        if (!r.conforms()) {
            throw new IllegalStateException(r.failures().get(0).mismatch().render());
        }
        return r;
    }

    /** Writes every coverage trace of the graph as an ITF file, as {@code wberr export} does. */
    @Benchmark
    public long export() throws IOException {
        byte[] init = ItfWriter.step("init", "{}".getBytes(StandardCharsets.UTF_8));
        long bytes = 0;
        for (int t = 0; t < walks.size(); t++) {
            Walk w = walks.get(t);
            ItfWriter.Trace trace = new ItfWriter.Trace(meta, spec.variables());
            for (int i = 0; i <= w.steps(); i++) {
                trace.state(i == 0 ? init : ItfWriter.step(space.labelName(w.label(i - 1)),
                        space.labelParams(w.label(i - 1))), space.stateJson(w.state(i)));
            }
            byte[] b = trace.finish(null);
            Files.write(out.resolve("coverage-" + t + ".itf.json"), b);
            bytes += b.length;
        }
        return bytes;
    }

    /** The number of coverage steps (for steps per second). */
    long steps() {
        return walks.stream().mapToLong(Walk::steps).sum();
    }
}
