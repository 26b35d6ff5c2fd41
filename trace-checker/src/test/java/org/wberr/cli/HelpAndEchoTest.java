package org.wberr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.core.Display;
import org.wberr.core.ExitCode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.wberr.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user sees first: the command list of {@code wberr --help} (a whole sentence per command), and messages about
 * input with a huge token (the token cut, its length said, the rest of the message kept).
 */
class HelpAndEchoTest {
    private static final String HUGE = "Z".repeat(200_000);

    @TempDir
    Path tmp;


    @Test
    void topLevelHelp_summarisesEachCommandInOneWholeSentence() {
        String help = run("--help").out();
        List<String> entries = new ArrayList<>();
        boolean inList = false;
        for (String line : help.lines().toList()) {
            if (line.equals("Commands:")) {
                inList = true;
            } else if (inList && line.matches("  \\S.*")) {
                entries.add(line.strip().replaceAll("\\s+", " "));
            } else if (inList && line.startsWith("   ")) {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
            }
        }
        assertEquals(List.of("help", "check", "export", "gen-tests", "replay", "scenario", "kernel", "report"),
                entries.stream().map(e -> e.split("\\s+")[0]).toList());
        for (String e : entries) {
            assertTrue(e.endsWith("."), "a summary cut mid-sentence: " + e);
        }
        assertTrue(entries.contains("gen-tests Writes each counterexample trace (kind \"counterexample\" in #meta) as a"
                + " JUnit 5 test: the steps as plain calls on model-java, the spec's state asserted after each step."),
                help);
        assertTrue(entries.contains("replay Replays ITF traces (*.itf.json, or all under a directory) against the Java"
                + " model: after every step, the model's state is compared with the trace's, variable by variable."),
                help);
        assertTrue(entries.contains("help Display help information about the specified command."), help);
        for (String line : help.lines().toList()) {
            assertTrue(line.length() <= 80, "a line wider than the usage width: " + line);
        }
    }

    @Test
    void firstSentence_endsAtTheFirstFullStop_notAtAnAbbreviation() {
        assertEquals("One, e.g. this, two.", Main.firstSentence(new String[] {"One, e.g. this,", "two. Three.", "",
            "Four."}));
        assertEquals("No full stop", Main.firstSentence(new String[] {"", "No full stop", "", "Next."}));
        assertEquals(List.of("aa bb", "cc"), Main.wrap("aa bb cc", 5));
    }

    @Test
    void echo_keepsAShortToken_andCutsAHugeOne_sayingHowLong() {
        assertEquals("fsync", Display.echo("fsync"));
        String cut = Display.echo(HUGE);
        assertTrue(cut.length() < Display.MAX_ECHO, cut);
        assertTrue(cut.startsWith("ZZZZ"), cut);
        assertTrue(cut.endsWith("... (200,000 characters in all)"), cut);
    }

    @Test
    void scenarioWithAHugeWord_namesItCut_andStillSaysWhatWasExpected() throws Exception {
        Path f = tmp.resolve("huge.scn");
        Files.writeString(f, "variant v4.17\n" + HUGE + " A\n");
        Cli.Result r = run("scenario", f.toString());
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.err());
        assertTrue(r.err().length() < 600, r.err().length() + " characters");
        assertTrue(r.err().contains(":2: unknown step 'ZZZZ"), r.err());
        assertTrue(r.err().contains("... (200,000 characters in all)': expected one of variant, open,"), r.err());
    }

    @Test
    void traceWithAHugeParameter_mismatchShowsItCut() throws Exception {
        // The trace that diverges at step 6, Fsync(fd="A"), with the fd's name made huge.
        String text = Files.readString(Path.of("src/test/resources/itf/fsync-nrpages-zero-wrong.itf.json"));
        assertTrue(text.contains("\"A\""));
        Path f = tmp.resolve("huge.itf.json");
        Files.writeString(f, text.replace("\"A\"", "\"" + HUGE + "\""));
        Cli.Result r = run("replay", f.toString());
        assertEquals(ExitCode.DIFFERS, r.exit(), r.out() + r.err());
        assertTrue(r.out().length() + r.err().length() < 2000, (r.out().length() + r.err().length()) + " characters");
        assertTrue((r.out() + r.err()).contains("(200,002 characters in all)"), r.out() + r.err());
    }
}
