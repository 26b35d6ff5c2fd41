package org.wberr.report;

import java.io.PrintWriter;
import java.util.List;

import org.wberr.judge.ScenarioRun;
import org.wberr.judge.ScenarioRunner;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.scenario.StepResult;

/**
 * Prints scenario runs: each step with its line, its result and, when the file states one, the expected
 * result marked {@code ok} or {@code DIFF}; then a verdict line. Only prints; {@link ScenarioRunner}
 * decides.
 */
public final class ScenarioPrinter {

    private ScenarioPrinter() {
    }

    /** Prints one run; with {@code showState}, the judge's state after each step too. */
    public static void print(ScenarioRun run, PrintWriter out, boolean showState) {
        Scenario s = run.scenario();
        out.printf("%s  (variant %s, judge %s)%n", s.source(), run.variant(), run.judge());
        int width = Math.max(16, s.steps().stream().mapToInt(st -> st.text().length()).max().orElse(0));
        String row = "  %4s  %-" + width + "s  %-7s %-7s %s";
        line(out, String.format(row, "line", "step", "result", "expect", ""));
        for (ScenarioRun.Checked c : run.steps()) {
            StepResult r = c.result();
            Step step = r.step();
            String result;
            switch (r.status()) {
                case RETURNED:
                    result = Step.result(r.returned().getAsInt());
                    break;
                case DONE:
                    result = r.observed().isPresent() && c.mark() == ScenarioRun.Mark.DIFF
                            ? "got " + r.observed().get() : "";
                    break;
                case NOT_JUDGED:
                    result = "NOT-JUDGED";
                    break;
                default:
                    result = "IMPOSSIBLE";
                    break;
            }
            String expected = step.expected().isPresent() ? Step.result(step.expected().getAsInt()) : "";
            String mark;
            switch (c.mark()) {
                case MATCH:
                    mark = "ok";
                    break;
                case DIFF:
                    mark = "DIFF";
                    break;
                default:
                    mark = "";
                    break;
            }
            line(out, String.format(row, step.line(), step.text(), result, expected, mark));
            if (showState && r.state().isPresent()) {
                out.printf("  %4s  %s%n", "", r.state().get());
            }
        }
        if (run.passed()) {
            out.printf("PASS %s: %s, %s met%n", s.source(), plural(run.steps().size(), "step"),
                    plural(run.expectationsMet(), "expectation"));
        } else if (run.firstDifference().isPresent()) {
            out.println("DIFF " + difference(run));
        }
        out.println();
        out.flush();
    }

    private static void line(PrintWriter out, String text) {
        out.println(text.stripTrailing());
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** The first difference of a run, as one line: {@code file:line: step: expected X, got Y (...)}. */
    public static String difference(ScenarioRun run) {
        ScenarioRun.Checked c = run.firstDifference().orElseThrow();
        Step step = c.result().step();
        String expected;
        String got;
        if (step.expectedObservation().isPresent()) {
            expected = step.expectedObservation().get();
            got = c.result().observed().orElse("nothing");
        } else {
            expected = Step.result(step.expected().getAsInt());
            got = c.result().returned().isPresent() ? Step.result(c.result().returned().getAsInt()) : "nothing";
        }
        return run.scenario().at(step.line()) + ": " + step.text() + ": expected " + expected + ", got " + got
                + " (variant " + run.variant() + ", judge " + run.judge() + ")";
    }

    /** The closing summary of several runs, with every difference repeated. */
    public static void summary(List<ScenarioRun> runs, PrintWriter out) {
        long passed = runs.stream().filter(ScenarioRun::passed).count();
        long differ = runs.size() - passed;
        out.printf("%s: %d passed, %d differ%s%n", plural(runs.size(), "scenario"), passed, differ,
                differ == 0 ? "" : ":");
        for (ScenarioRun r : runs) {
            if (r.firstDifference().isPresent()) {
                out.println("  " + difference(r));
            }
        }
        out.flush();
    }
}
