package org.wberr.judge.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.wberr.check.ChildJvm;
import org.wberr.check.ModelJob;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.ScenarioParser;
import org.wberr.tlc.SpecModel;

/**
 * The main class of the child JVM of {@link SpecJudge}: validates scenarios against their spec with
 * {@link TraceValidator} (TLC's FastTool, which keeps static state: hence a JVM of its own) and writes the
 * verdicts as JSON. Each scenario is validated against its subject's spec, through the job's {@link SpecMapping}
 * (one per job: models of one spec load safely one after another, but a spec loaded after another one in the
 * same JVM was measured to go wrong, see {@link SpecJudge#judge}), with a SpecModel loaded for it alone. Usage:
 * {@code java -cp <wberr classpath> org.wberr.judge.spec.TraceJob JOB.json}. Halts when its parent dies.
 */
public final class TraceJob {

    /**
     * What to validate: each scenario's text exactly as it was first parsed, parsed again here.
     *
     * @param mapping the class name of the items' {@link SpecMapping} (all items have the same: one spec per
     *                JVM), made here with its no-argument constructor
     */
    record Job(String specsDir, String workDir, String resultFile, String mapping, List<Item> items) {
    }

    record Item(String source, String text, String variant) {
    }

    /** Per item: the verdicts, or an error (the spec could not be loaded or evaluated). */
    record Result(List<ItemResult> items) {
    }

    record ItemResult(List<TraceValidator.StepVerdict> steps, String error) {
    }

    private TraceJob() {
    }

    public static void main(String[] args) {
        ChildJvm.runChild(() -> {
            Job job = ModelJob.MAPPER.readValue(Path.of(args[0]).toFile(), Job.class);
            Path work = Path.of(job.workDir());
            Path specs = Files.createDirectories(work.resolve("specs"));
            try (Stream<Path> tla = Files.list(Path.of(job.specsDir()))) {
                for (Path m : tla.filter(p -> p.toString().endsWith(".tla")).toList()) {
                    Files.copy(m, specs.resolve(m.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            SpecMapping mapping = (SpecMapping) Class.forName(job.mapping()).getDeclaredConstructor().newInstance();
            ScenarioParser parser = new ScenarioParser(List.of(mapping.grammar()));
            List<ItemResult> results = new ArrayList<>();
            for (int i = 0; i < job.items().size(); i++) {
                Item item = job.items().get(i);
                try {
                    Scenario s = parser.parse(item.source(), item.text());
                    Path cfg = specs.resolve("scenario" + (i + 1) + ".cfg");
                    Files.writeString(cfg, mapping.cfg(s, item.variant()));
                    SpecModel model = SpecModel.load(specs.toString(), mapping.module(), cfg.toString());
                    results.add(new ItemResult(new TraceValidator(model, mapping).validate(s, item.variant()), null));
                } catch (RuntimeException e) {
                    String m = e.getMessage() == null ? e.toString() : e.getMessage();
                    results.add(new ItemResult(List.of(), m.strip().replaceAll("\\s*\\n\\s*", " ")));
                }
            }
            ModelJob.writeAtomically(Path.of(job.resultFile()),
                    ModelJob.MAPPER.writeValueAsBytes(new Result(results)));
        });
    }
}
