package org.wberr.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.wberr.judge.Judge;
import org.wberr.judge.SideBySide;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.scenario.StepResult;

/**
 * Prints a {@link SideBySide}: one row per step with the expectation and every judge's answer, notes under the
 * rows that need them (a judge's reason, an observation that differs, with --state each judge's state), and a
 * verdict line, AGREE or DISAGREE.
 */
public final class SideBySidePrinter {

    private SideBySidePrinter() {
    }

    /** The step of a row with its expectation and every judge's answer, on one line. */
    public static String describe(SideBySide s, SideBySide.Row row) {
        StringBuilder b = new StringBuilder(s.scenario().at(row.step().line())).append(": ").append(row.step().text())
                .append(": expected ").append(SideBySide.expectation(row.step()).orElse("nothing stated"));
        String sep = "; ";
        for (String j : s.judges()) {
            Optional<StepResult> r = row.results().get(j);
            b.append(sep).append(j).append(' ').append(r.isPresent() && differs(r.get())
                    ? "got " + r.get().observed().get() : cell(r).strip());
            sep = ", ";
        }
        return b.toString();
    }

    /** Whether an {@code expect} step's observation differs from what it states. */
    private static boolean differs(StepResult r) {
        return r.observed().isPresent() && !Step.agrees(r.step().expectedValues(), r.observed().get());
    }

    /** "as stated", or, when the judge observed only some of the stated keys, how many. */
    private static String asStated(StepResult r) {
        int seen = r.observed().get().strip().split(" ").length;
        int stated = r.step().expectedValues().size();
        return seen == stated ? "as stated" : "as stated (" + seen + " of " + stated + " keys)";
    }

    private static String cell(Optional<StepResult> r) {
        if (r.isEmpty()) {
            return "-";
        }
        return switch (r.get().status()) {
            case RETURNED -> Step.result(r.get().returned().getAsInt());
            case DONE -> r.get().observed().isEmpty() ? "" : differs(r.get()) ? "differs" : asStated(r.get());
            case IMPOSSIBLE -> "IMPOSSIBLE";
            case NOT_JUDGED -> "NOT-JUDGED";
        };
    }

    /** Prints the table, notes under the rows that need them, and a verdict line. */
    public static void print(SideBySide s, PrintWriter out, boolean showState) {
        Scenario scenario = s.scenario();
        List<String> judges = s.judges();
        List<SideBySide.Row> rows = s.rows();
        String heading = String.join("; ", s.about().values().stream().map(Judge.About::heading)
                .filter(h -> !h.isEmpty()).toList());
        out.println(scenario.source() + "  (variant " + s.variant() + (heading.isEmpty() ? "" : "; " + heading) + ")");
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
        for (SideBySide.Row row : rows) {
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
        long dis = s.disagreements().size();
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
            for (SideBySide.Row r : s.disagreements()) {
                out.println("  " + describe(s, r));
            }
        }
        for (String j : judges) {
            Judge.About a = s.about().get(j);
            if (a != null) {
                a.notes().forEach(n -> out.println("  " + j + ": " + n));
            }
        }
        out.println();
        out.flush();
    }
}
