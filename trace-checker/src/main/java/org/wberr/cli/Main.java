package org.wberr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the wberr command line. */
@Command(name = "wberr", mixinStandardHelpOptions = true, version = "wberr 0.1.0",
        description = "A formal model of Linux writeback-error reporting.")
public final class Main implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
