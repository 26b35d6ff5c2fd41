package org.wberr.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.wberr.kernel.KernelOutput;
import org.wberr.kernel.WberrLine;

/**
 * Fuzz target: what the kernel oracle's guest prints, line by line ({@link WberrLine#parse}), grouped per boot
 * ({@link KernelOutput#parse}) and read back through every accessor the kernel judge uses.
 *
 * <p>Acceptable: a value, always. The guest's output is not the user's to fix: a line that is not protocol is
 * skipped, a truncated run is a shorter one ({@link KernelOutput#complete()} says so), so this parser has no input
 * error of its own, and any exception (or hang, or unbounded memory) is a crash.
 *
 * <p>Seeds: {@code KernelOutputFuzzTestInputs/guestOutput/}, a real boot's output and hand-cut variants.
 */
class KernelOutputFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void guestOutput(byte[] data) {
        List<String> lines = new String(data, StandardCharsets.UTF_8).lines().toList();
        for (String line : lines) {
            WberrLine.parse(line).ifPresent(l -> {
                l.fields().forEach((k, v) -> l.get(k, ""));
                if (!line.startsWith(l.raw())) {
                    throw new AssertionError("raw is not the line read: " + l.raw());
                }
            });
        }
        KernelOutput out = KernelOutput.parse(lines);
        out.complete();
        out.kernel();
        out.kernelFacts();
        out.lastSeen();
        out.notes();
        out.hello();
        out.done();
        out.host();
        out.fatal();
        int index = 0;
        for (Map.Entry<String, KernelOutput.ScenarioOutput> e : out.scenarios().entrySet()) {
            KernelOutput.ScenarioOutput s = e.getValue();
            out.scenario(++index);
            s.begin();
            s.end();
            s.panic();
            s.fsck();
            s.disk();
            for (Map.Entry<Integer, WberrLine> step : s.steps().entrySet()) {
                s.doing(step.getKey());
                s.kmsgs(step.getKey());
                step.getValue().get("line").ifPresent(l -> s.stepAtLine(KernelOutput.intOf(l, -1)));
            }
        }
    }
}
