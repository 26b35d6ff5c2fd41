package org.wberr.campaign;

import java.util.List;
import java.util.regex.Pattern;

import org.wberr.scenario.Step;
import org.wberr.scenario.StepResult;

/** The {@code => RESULT} expectations of a scenario file: removed, or written from a judge's results. */
final class Expectations {
    private static final Pattern RESULT = Pattern.compile("\\s*=>\\s*[A-Za-z0-9-]+");

    private Expectations() {
    }

    /** The scenario file without its {@code => RESULT}s (comments and everything else kept). */
    static String strip(String text) {
        return java.util.Arrays.stream(text.split("\n", -1)).map(line -> {
            int hash = line.indexOf('#');
            String code = hash < 0 ? line : line.substring(0, hash);
            return RESULT.matcher(code).replaceAll("") + (hash < 0 ? "" : line.substring(hash));
        }).collect(java.util.stream.Collectors.joining("\n"));
    }

    /**
     * The {@code steps} with {@code results} as their expectations: each step that returns a result
     * gets its {@code => RESULT}; {@code header} lines (comments, variant) come first.
     */
    static String write(List<String> header, List<Step> steps, List<StepResult> results) {
        StringBuilder b = new StringBuilder();
        header.forEach(h -> b.append(h).append('\n'));
        b.append('\n');
        for (int k = 0; k < steps.size(); k++) {
            Step step = steps.get(k);
            b.append(step.text());
            StepResult r = k < results.size() ? results.get(k) : null;
            if (step.returnsValue() && r != null && r.returned().isPresent()) {
                b.append(" => ").append(org.wberr.judge.SideBySide.answer(r).orElseThrow());
            }
            b.append('\n');
        }
        return b.toString();
    }
}
