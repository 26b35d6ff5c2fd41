package org.wberr.conformance;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.wberr.core.Display;
import org.wberr.itf.ItfValue;

/**
 * Where the implementation and the specification part: the trace, the step, the action with its
 * parameters, and each field that differs (or the implementation's refusal of a step the spec took).
 */
public record Mismatch(Path file, int step, String action, Map<String, ItfValue> picks, List<FieldDiff> diffs,
                       String refusal) {

    /** One variable whose value differs. */
    public record FieldDiff(String field, ItfValue specification, ItfValue implementation) {
    }

    public String render() {
        return render("");
    }

    /** The mismatch; the rerun hint gives {@code options} (such as {@code --spec Fsync}) before the file. */
    public String render(String options) {
        StringBuilder b = new StringBuilder();
        b.append(file).append(": step ").append(step).append(", ").append(action)
                .append(picks.entrySet().stream().map(e -> Display.echo(e.getKey()) + "=" + Display.echo(String.valueOf(e.getValue())))
                        .collect(Collectors.joining(", ", "(", ")")))
                .append('\n');
        if (refusal != null) {
            b.append("  the implementation refused the step: ").append(refusal).append('\n');
        }
        for (FieldDiff d : diffs) {
            b.append("  ").append(d.field()).append('\n')
                    .append("    specification:  ").append(Display.echo(String.valueOf(d.specification()))).append('\n')
                    .append("    implementation: ").append(Display.echo(String.valueOf(d.implementation()))).append('\n');
        }
        b.append("  rerun this trace alone: ./wberr replay ").append(options.isEmpty() ? "" : options + " ").append(file);
        return b.toString();
    }
}
