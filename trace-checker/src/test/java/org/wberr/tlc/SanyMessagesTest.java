package org.wberr.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.core.Display;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SANY's outputs below are copied from TLC 2.18 runs (the ProB build) on small broken specs. */
class SanyMessagesTest {
    @TempDir
    Path dir;
    String broken;
    String sem;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("Broken.tla"), "");
        Files.writeString(dir.resolve("Sem.tla"), "");
        broken = Display.path(dir.resolve("Broken.tla"));
        sem = Display.path(dir.resolve("Sem.tla"));
    }

    @Test
    void parse_syntaxError_givesFileLineColumnAndSanysText() {
        String out = """
                Parsing file %s
                ***Parse Error***
                Was expecting "==== or more Module body"
                Encountered "1" at line 7, column 20 and token "+"\s

                Residual stack trace follows:
                Module definition starting at line 1, column 1.


                Fatal errors while parsing TLA+ spec in file Broken

                tla2sany.semantic.AbortException
                *** Abort messages: 1

                In module Broken

                Could not parse module Broken from file Broken.tla
                """.formatted(dir.resolve("Broken.tla"));
        assertEquals(List.of(broken + ": line 7, col 20: Was expecting \"==== or more Module body\"; Encountered \"1\""
                + " at line 7, column 20 and token \"+\""), SanyMessages.parse(out, dir));
    }

    @Test
    void parse_semanticErrors_givesOneMessagePerError() {
        String out = """
                Parsing file %s
                Parsing file /tmp/Naturals.tla
                Semantic processing of module Naturals
                Semantic processing of module Sem
                Semantic errors:

                *** Errors: 2

                line 7, col 14 to line 7, col 16 of module Sem

                Unknown operator: `Foo'.


                line 9, col 1 to line 9, col 3 of module Sem

                Multiply-defined symbol 'Inv': this definition will be ignored.



                Starting... (2026-11-21 13:50:24)
                Error: Parsing or semantic analysis failed.
                """.formatted(dir.resolve("Sem.tla"));
        assertEquals(List.of(sem + ": line 7, col 14: Unknown operator: `Foo'.",
                sem + ": line 9, col 1: Multiply-defined symbol 'Inv': this definition will be ignored."),
                SanyMessages.parse(out, dir));
    }

    @Test
    void parse_missingModule_namesTheImportingFile() {
        String out = """
                File does not exist: /x/NoSuchModule.tla while looking in these directories: /x/

                Fatal errors while parsing TLA+ spec in file Sem

                tla2sany.semantic.AbortException
                *** Abort messages: 1

                Unknown location

                Cannot find source file for module NoSuchModule imported in module Sem.
                """;
        assertEquals(List.of(sem + ": Cannot find source file for module NoSuchModule imported in module Sem."),
                SanyMessages.parse(out, dir));
    }

    @Test
    void parse_lexicalError_isLocated() {
        String out = "Parsing file " + dir.resolve("Broken.tla") + "\n"
                + "Lexical error at line 3, column 5.  Encountered: \"$\" (36), after : \"\"\n";
        assertEquals(List.of(broken + ": line 3, col 5: Lexical error: Encountered: \"$\" (36), after : \"\""),
                SanyMessages.parse(out, dir));
    }

    @Test
    void parse_unknownShape_fallsBackToSanysLines() {
        String out = "Parsing file /x/A.tla\nSomething new went wrong\nStarting... (now)\n";
        assertEquals(List.of("Something new went wrong"), SanyMessages.parse(out, dir));
    }
}
