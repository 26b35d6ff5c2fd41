package org.wberr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link GraphBenchmarks} (profile bench: {@code mvn -B verify -Pbench}) and writes the README's table of
 * ratios, measured in one run, to {@code target/bench/ratios.md} (JMH's own results: {@code target/bench/jmh.json}):
 * per configuration, conformance steps per second against TLC's distinct states per second (the goal: 10 times),
 * and export's time against TLC's. Iterations: -Dwberr.bench.warmups (2), -Dwberr.bench.iterations (3), each a
 * single shot (one whole run of TLC, an exploration, a conformance check, an export).
 */
@Tag("bench")
class BenchmarkRatiosTest {

    @Test
    void ratios() throws Exception {
        Files.createDirectories(Path.of("target/bench"));
        Options options = new OptionsBuilder().include(GraphBenchmarks.class.getName())
                .warmupIterations(Integer.getInteger("wberr.bench.warmups", 2))
                .measurementIterations(Integer.getInteger("wberr.bench.iterations", 3)).forks(1)
                .resultFormat(ResultFormatType.JSON).result("target/bench/jmh.json")
                .jvmArgs("-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC", "-Xss4m", "-Xmx2g",
                        "-Dwberr.specs=" + Path.of("../specs").toAbsolutePath().normalize())
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Map<String, Double>> ms = new LinkedHashMap<>();
        for (RunResult r : results) {
            String model = r.getParams().getParam("model");
            String bench = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            ms.computeIfAbsent(model, k -> new LinkedHashMap<>()).put(bench, r.getPrimaryResult().getScore());
        }
        assertEquals(5, ms.size(), ms.toString());
        List<String> lines = new ArrayList<>();
        lines.add("| configuration (a model that holds) | states | transitions | coverage steps | TLC ms | explore ms"
                + " | conformance ms | export ms | TLC states/s | conformance steps/s | steps/s : states/s"
                + " | export : TLC |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, Map<String, Double>> e : ms.entrySet()) {
            String[] facts = Files.readString(Path.of("target/bench/" + e.getKey() + ".facts")).trim().split(" ");
            long states = Long.parseLong(facts[0]);
            long edges = Long.parseLong(facts[1]);
            long steps = Long.parseLong(facts[2]);
            Map<String, Double> t = e.getValue();
            double tlc = t.get("tlc");
            double statesPerSecond = states / (tlc / 1000);
            double stepsPerSecond = steps / (t.get("conformance") / 1000);
            assertTrue(tlc > 0 && t.get("conformance") > 0 && t.get("export") > 0, t.toString());
            lines.add(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %.0f | %.0f | %.0f | %.0f | %,.0f | %,.0f"
                    + " | %.2f | %.2f |", e.getKey(), states, edges, steps, tlc,
                    t.get("explore"), t.get("conformance"), t.get("export"), statesPerSecond, stepsPerSecond,
                    stepsPerSecond / statesPerSecond, t.get("export") / tlc));
        }
        Path file = Path.of("target/bench/ratios.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        System.out.println(String.join("\n", lines));
    }
}
