package org.wberr.check;

import java.util.ArrayList;
import java.util.List;

import org.wberr.core.ExitCode;
import org.wberr.manifest.Mode;
import org.wberr.manifest.ModelEntry;

/**
 * One model's outcome, judged against the manifest.
 *
 * @param entry   the manifest entry
 * @param result  what the child reported; null if the child produced no result (crash, timeout)
 * @param failure why there is no result (crash or timeout, with the child's stderr tail); null otherwise
 * @param seconds wall time of the child JVM, start to exit
 * @param retried why the model's run in a batch JVM was repeated in a JVM of its own (whose result this is), or
 *                null if it was not
 */
public record ModelOutcome(ModelEntry entry, JobResult result, String failure, double seconds, String retried) {

    /** An outcome that was not retried. */
    public ModelOutcome(ModelEntry entry, JobResult result, String failure, double seconds) {
        this(entry, result, failure, seconds, null);
    }

    /** This outcome, marked as the retry of a batch run that went wrong for {@code why}. */
    ModelOutcome retriedBecause(String why) {
        return new ModelOutcome(entry, result, failure, seconds, why);
    }

    /** The actual verdict: holds, violated, inconclusive, or error (no verdict). */
    public String actual() {
        return result != null && JobResult.CHECKED.equals(result.status()) ? result.verdict() : "error";
    }

    /** The distinct-state count TLC reported (exhaustive mode), else null. */
    public Long distinctStates() {
        return result == null || entry.mode() == Mode.SIMULATE ? null : result.distinctStates();
    }

    /** True iff the model was checked and everything matches the manifest. */
    public boolean asExpected() {
        return exitCode() == ExitCode.OK;
    }

    /**
     * This model's contribution to the exit code: 0 as expected, 1 a verdict or state count differs, 2 the
     * spec or cfg is wrong (also: TLC cannot evaluate it in a state only the export's exploration reached), 3 TLC
     * or its JVM failed, the counterexample failed certification, or the export failed (its state graph differs
     * from TLC's, a file could not be written).
     */
    public int exitCode() {
        if (result == null) {
            return ExitCode.ENVIRONMENT;
        }
        int code = switch (result.status()) {
            case JobResult.CHECKED -> differences().isEmpty() ? ExitCode.OK : ExitCode.DIFFERS;
            case JobResult.BAD_INPUT -> ExitCode.BAD_INPUT;
            default -> ExitCode.ENVIRONMENT;
        };
        JobResult.Export e = result.export();
        if (e != null && e.error() != null) {
            code = Math.max(code, JobResult.BAD_INPUT.equals(e.errorStatus()) ? ExitCode.BAD_INPUT
                    : ExitCode.ENVIRONMENT);
        }
        return code;
    }

    /** How a checked model differs from the manifest, one phrase each; empty if it does not. */
    public List<String> differences() {
        List<String> d = new ArrayList<>();
        if (result == null || !JobResult.CHECKED.equals(result.status())) {
            return d;
        }
        if ("inconclusive".equals(result.verdict())) {
            d.add("TLC stopped before judging " + entry.property() + ": " + result.violation().describe());
        } else if (!entry.expected().id().equals(result.verdict())) {
            d.add("expected " + entry.expected().id() + ", got " + result.verdict());
        }
        if (entry.mode() == Mode.EXHAUSTIVE && entry.distinctStates() != null
                && !entry.distinctStates().equals(result.distinctStates())) {
            d.add("distinct states " + result.distinctStates() + ", manifest says " + entry.distinctStates());
        }
        return d;
    }

    /** The user-facing error of a model that could not be checked, else null. */
    public String error() {
        if (result == null) {
            return failure;
        }
        if (!JobResult.CHECKED.equals(result.status())) {
            return result.message();
        }
        JobResult.Export e = result.export();
        return e == null || e.error() == null ? null : entry.cfg() + ": " + e.error();
    }
}
