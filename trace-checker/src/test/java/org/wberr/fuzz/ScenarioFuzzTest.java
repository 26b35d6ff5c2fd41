package org.wberr.fuzz;

import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.wberr.core.WberrException;
import org.wberr.scenario.ScenarioParser;
import org.wberr.subject.Subjects;

/**
 * Fuzz target: a scenario file, parsed as {@code wberr scenario FILE} does, by the parser of every subject's grammar
 * ({@link Subjects#scenarioParser()}: fsync's by default, ext4's after {@code subject ext4}).
 *
 * <p>Acceptable: a {@code Scenario}, or a {@link WberrException} with exit code 2 whose message starts with the
 * file as the user named it ({@code FILE:LINE: ...}). Anything else is a crash.
 *
 * <p>Seeds: {@code ScenarioFuzzTestInputs/scenarioFile/}, the shipped scenarios (specs/scenarios) of both subjects
 * and a few malformed ones.
 */
class ScenarioFuzzTest {
    private static final ScenarioParser PARSER = Subjects.scenarioParser();
    private static final String SOURCE = "fuzz.scn";

    @FuzzTest(maxDuration = "2m")
    void scenarioFile(byte[] data) {
        Path file = Fuzz.write(SOURCE, data);
        try {
            PARSER.parse(file, SOURCE);
        } catch (WberrException e) {
            Fuzz.badInput(e, SOURCE);
        }
    }
}
