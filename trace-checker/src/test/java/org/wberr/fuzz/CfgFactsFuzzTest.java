package org.wberr.fuzz;

import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.wberr.core.Display;
import org.wberr.core.WberrException;
import org.wberr.tlc.CfgFacts;

/**
 * Fuzz target: a TLC model file (.cfg), read by {@link CfgFacts#read} with TLC's own cfg parser, as the model
 * checking child does before TLC runs.
 *
 * <p>Acceptable: the {@code CfgFacts}, or a {@link WberrException} with exit code 2 whose message starts with the
 * cfg as messages show it (then TLC's line and what it expected). Whatever TLC's parser throws for a bad cfg
 * (TLC's ConfigFileException, its lexer's TokenMgrError, a number too big for an int) must arrive as that named
 * error; anything else is a crash.
 *
 * <p>Seeds: {@code CfgFactsFuzzTestInputs/cfgFile/}, the repository's model files of each spec and the fixtures'.
 */
class CfgFactsFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void cfgFile(byte[] data) {
        Path file = Fuzz.write("Model.cfg", data);
        try {
            CfgFacts.read(file.getParent().toString(), file.toString());
        } catch (WberrException e) {
            Fuzz.badInput(e, Display.path(file));
        }
    }
}
