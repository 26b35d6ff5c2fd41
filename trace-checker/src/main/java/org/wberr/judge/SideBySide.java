package org.wberr.judge;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.scenario.StepResult;

/**
 * Several judges' results for one scenario, step by step, compared with each other and with the scenario's
 * {@code => RESULT}s and {@code expect} statements. A step's judged answers are its RETURNED value, "done"
 * (for an {@code expect} step: what the judge observed) or "impossible"; NOT-JUDGED steps and steps after a
 * judge stopped take no part. A step disagrees if a judged answer differs from the expectation, or two judged
 * answers differ from each other.
 */
public final class SideBySide {

    /** One step: each judge's result (empty once that judge stopped), and whether they disagree. */
    public record Row(Step step, Map<String, Optional<StepResult>> results, boolean disagree, boolean checked) {
    }

    private final Scenario scenario;
    private final String variant;
    private final List<String> judges;
    private final List<Row> rows = new ArrayList<>();

    /** {@code results}: judge name to its results, in column order. */
    public SideBySide(Scenario scenario, String variant, Map<String, List<StepResult>> results) {
        this.scenario = scenario;
        this.variant = variant;
        this.judges = List.copyOf(results.keySet());
        List<Step> steps = scenario.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            Map<String, Optional<StepResult>> byJudge = new LinkedHashMap<>();
            Set<String> answers = new LinkedHashSet<>();
            for (Map.Entry<String, List<StepResult>> e : results.entrySet()) {
                Optional<StepResult> r = i < e.getValue().size() ? Optional.of(e.getValue().get(i)) : Optional.empty();
                byJudge.put(e.getKey(), r);
                r.flatMap(SideBySide::answer).ifPresent(answers::add);
            }
            Optional<String> expected = expectation(step);
            boolean disagree = answers.size() > 1 || (expected.isPresent() && !answers.isEmpty()
                    && !answers.contains(expected.get()));
            boolean checked = !answers.isEmpty() && (expected.isPresent() || results.size() > 1);
            boolean answering = step.returnsValue() || step.expectedObservation().isPresent();
            rows.add(new Row(step, byJudge, disagree, checked && answering || disagree));
        }
    }

    /** What the step states: its {@code => RESULT}, or an {@code expect} step's keys and values. */
    static Optional<String> expectation(Step step) {
        return step.expected().isPresent() ? Optional.of(Step.result(step.expected().getAsInt()))
                : step.expectedObservation();
    }

    /** A judged answer: the result's name, "done" (or what was observed), "impossible"; empty for NOT-JUDGED. */
    static Optional<String> answer(StepResult r) {
        return switch (r.status()) {
            case RETURNED -> Optional.of(Step.result(r.returned().getAsInt()));
            case DONE -> Optional.of(r.observed().orElse("done"));
            case IMPOSSIBLE -> Optional.of("impossible");
            case NOT_JUDGED -> Optional.empty();
        };
    }

    public Scenario scenario() {
        return scenario;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public List<Row> disagreements() {
        return rows.stream().filter(Row::disagree).toList();
    }

    /** The step of a row with its expectation and every judge's answer, on one line. */
    public String describe(Row row) {
        StringBuilder b = new StringBuilder(scenario.at(row.step().line())).append(": ").append(row.step().text())
                .append(": expected ").append(expectation(row.step()).orElse("nothing stated"));
        String sep = "; ";
        for (String j : judges) {
            Optional<StepResult> r = row.results().get(j);
            b.append(sep).append(j).append(' ').append(r.isPresent() && differs(r.get())
                    ? "got " + r.get().observed().get() : cell(r).strip());
            sep = ", ";
        }
        return b.toString();
    }

    /** Whether an {@code expect} step's observation differs from what it states. */
    private static boolean differs(StepResult r) {
        return r.observed().isPresent() && !r.observed().equals(r.step().expectedObservation());
    }

    private static String cell(Optional<StepResult> r) {
        if (r.isEmpty()) {
            return "-";
        }
        return switch (r.get().status()) {
            case RETURNED -> Step.result(r.get().returned().getAsInt());
            case DONE -> r.get().observed().isEmpty() ? "" : differs(r.get()) ? "differs" : "as stated";
            case IMPOSSIBLE -> "IMPOSSIBLE";
            case NOT_JUDGED -> "NOT-JUDGED";
        };
    }

    /** Prints the table, notes under the rows that need them, and a verdict line. */
    public void print(PrintWriter out, String heading, boolean showState) {
        out.println(scenario.source() + "  (variant " + variant + (heading.isEmpty() ? "" : "; " + heading) + ")");
        int width = Math.max(16, scenario.steps().stream().mapToInt(st -> st.text().length()).max().orElse(0));
        StringBuilder fmt = new StringBuilder("  %4s  %-" + width + "s  %-7s");
        List<Object> head = new ArrayList<>(List.of("line", "step", "expect"));
        for (String j : judges) {
            fmt.append(" %-10s");
            head.add(j);
        }
        fmt.append(" %s");
        head.add("");
        out.println(String.format(fmt.toString(), head.toArray()).stripTrailing());
        Map<String, String> lastNote = new LinkedHashMap<>();
        for (Row row : rows) {
            List<Object> cells = new ArrayList<>();
            cells.add(row.step().line());
            cells.add(row.step().text());
            cells.add(row.step().expected().isPresent() ? Step.result(row.step().expected().getAsInt()) : "");
            for (String j : judges) {
                cells.add(cell(row.results().get(j)));
            }
            cells.add(row.disagree() ? "DISAGREE" : row.checked() ? "ok" : "");
            out.println(String.format(fmt.toString(), cells.toArray()).stripTrailing());
            for (String j : judges) {
                Optional<StepResult> r = row.results().get(j);
                if (r.isEmpty()) {
                    continue;
                }
                Optional<String> reason = r.get().reason();
                if (reason.isPresent() && !reason.get().equals(lastNote.get(j))) {
                    out.printf("  %4s  %s: %s%n", "", j, reason.get());
                } else if (reason.isEmpty() && differs(r.get())) {
                    out.printf("  %4s  %s: observed %s%n", "", j, r.get().observed().get());
                }
                lastNote.put(j, reason.orElse(null));
                if (showState && r.get().state().isPresent() && !r.get().state().get().isEmpty()) {
                    out.printf("  %4s  %s state: %s%n", "", j, r.get().state().get());
                }
            }
        }
        long dis = disagreements().size();
        long notJudged = rows.stream().filter(r -> r.results().values().stream()
                .anyMatch(x -> x.isPresent() && x.get().status() == StepResult.Status.NOT_JUDGED)).count();
        String who = judges.size() == 1 ? judges.get(0) + " and the expectations"
                : String.join(", ", judges) + " and the expectations";
        if (dis == 0) {
            out.printf("AGREE %s: %d steps, %s agree on every judged step%s%n", scenario.source(), rows.size(), who,
                    notJudged == 0 ? "" : " (" + notJudged + " step" + (notJudged == 1 ? "" : "s")
                            + " not judged by every judge)");
        } else {
            out.printf("DISAGREE %s: %d step%s%n", scenario.source(), dis, dis == 1 ? "" : "s");
            for (Row r : disagreements()) {
                out.println("  " + describe(r));
            }
        }
        out.println();
        out.flush();
    }
}
