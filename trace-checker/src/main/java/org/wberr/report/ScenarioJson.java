package org.wberr.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.wberr.core.AtomicFiles;
import org.wberr.core.Display;
import org.wberr.core.WberrException;
import org.wberr.judge.Judge;
import org.wberr.judge.SideBySide;
import org.wberr.scenario.StepResult;

/**
 * {@code wberr scenario ... --json FILE}: one object per scenario, {@code file}, {@code variant}, {@code kernel}
 * (what the kernel judge booted for it: release, kernel name, package, and e2fsck's verdict on its disk; null when
 * the kernel did not judge it), {@code agree} (a boolean), and {@code steps}: per step {@code line}, {@code step}
 * (its text), {@code expect} (what it states, null when nothing), {@code answers} (judge name to its answer: a
 * result such as {@code EIO}, what it observed, {@code done} or {@code impossible}; null where that judge did not
 * judge the step) and {@code notJudged} (judge name to why not).
 */
public final class ScenarioJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ScenarioJson() {
    }

    /** The array of the scenarios' objects. */
    public static ArrayNode json(List<SideBySide> scenarios) {
        ArrayNode all = JSON.arrayNode();
        for (SideBySide s : scenarios) {
            ObjectNode o = all.addObject();
            o.put("file", s.scenario().source());
            o.put("variant", s.variant());
            Judge.About kernel = s.about().get("kernel");
            if (kernel != null && !kernel.facts().isEmpty()) {
                ObjectNode k = o.putObject("kernel");
                kernel.facts().forEach(k::put);
            } else {
                o.putNull("kernel");
            }
            o.put("agree", s.disagreements().isEmpty());
            ArrayNode steps = o.putArray("steps");
            for (SideBySide.Row row : s.rows()) {
                ObjectNode st = steps.addObject();
                st.put("line", row.step().line());
                st.put("step", row.step().text());
                Optional<String> expect = SideBySide.expectation(row.step());
                if (expect.isPresent()) {
                    st.put("expect", expect.get());
                } else {
                    st.putNull("expect");
                }
                ObjectNode answers = st.putObject("answers");
                ObjectNode notJudged = st.putObject("notJudged");
                for (Map.Entry<String, Optional<StepResult>> e : row.results().entrySet()) {
                    Optional<String> answer = e.getValue().flatMap(SideBySide::answer);
                    if (answer.isPresent()) {
                        answers.put(e.getKey(), answer.get());
                    } else {
                        answers.putNull(e.getKey());
                        notJudged.put(e.getKey(), e.getValue().flatMap(StepResult::reason)
                                .orElse("the judge stopped before this step"));
                    }
                }
            }
        }
        return all;
    }

    /** Writes {@link #json} to {@code file}, whole or not at all. */
    public static void write(Path file, List<SideBySide> scenarios) {
        try {
            AtomicFiles.write(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json(scenarios)));
        } catch (IOException e) {
            throw WberrException.badInput(Display.path(file), "cannot write the JSON: " + e.getMessage());
        }
    }
}
