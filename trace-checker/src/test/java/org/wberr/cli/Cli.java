package org.wberr.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a wberr command line in the test's JVM through {@link Main#newCommandLine}, capturing what it prints. */
final class Cli {
    private Cli() {
    }

    /** The exit code and what went to stdout and stderr. */
    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
