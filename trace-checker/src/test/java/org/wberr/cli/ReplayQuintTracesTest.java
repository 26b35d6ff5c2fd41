package org.wberr.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.core.ExitCode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.wberr.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wberr replay} on traces written by Quint 0.33 (its TypeScript simulator, {@code quint run --mbt}) from
 * specs/quint/fsync.qnt, in the styles Quint users write (specs/quint/regenerate.sh writes them again): picks made
 * per action, every pick made at the top of the step, an enumeration as a sum type, and a state variable of a sum
 * type; and an ext4 counterexample whose #meta says nothing, replayed with --spec, --variant and --constant.
 */
class ReplayQuintTracesTest {
    private static final Path QUINT = Path.of("src/test/resources/quint");
    private static final Path EXT4 = Path.of("src/test/resources/report/ext4-v5.9-errseq-remount-ro-NoLostMetadataUpdate.itf.json");

    @TempDir
    Path tmp;


    private static String quint(String name) {
        return QUINT.resolve("fsync-" + name + ".itf.json").toString();
    }

    @Test
    void plainStyle_conforms() {
        Cli.Result r = run("replay", "--spec", "Fsync", "--variant", "v4.17", quint("plain"));
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertEquals("PASS " + quint("plain") + " (40 steps)\n1 of 1 traces conform (40 steps replayed)\n", r.out());
    }

    @Test
    void picksAtTheTopOfTheStep_theOnesAnActionDoesNotTakeAreIgnored_andNamedWithVerbose() {
        Cli.Result quiet = run("replay", "--spec", "Fsync", "--variant", "v4.17", quint("top-picks"));
        assertEquals(ExitCode.OK, quiet.exit(), quiet.out() + quiet.err());
        assertFalse(quiet.out().contains("note:"), quiet.out());
        Cli.Result r = run("replay", "--verbose", "--spec", "Fsync", "--variant", "v4.17", quint("top-picks"));
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("  note: picks Stat does not take were ignored: [fd, outcome, p]\n"), r.out());
        assertTrue(r.out().contains("  note: picks WritebackEnd does not take were ignored: [fd]\n"), r.out());
    }

    @Test
    void anEnumerationAsASumType_isReadAsItsTag() throws Exception {
        assertTrue(Files.readString(Path.of(quint("sum-types")))
                .contains("\"outcome\":{\"tag\":\"Some\",\"value\":{\"tag\":\"EIO\",\"value\":{\"#tup\":[]}}}"));
        Cli.Result r = run("replay", "--spec", "Fsync", "--variant", "v4.17", quint("sum-types"));
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("PASS "), r.out());
    }

    @Test
    void aStateVariableOfASumType_isAnInputErrorNamingTheVariableAndTheEncoding_notAMismatch() {
        Cli.Result r = run("replay", "--spec", "Fsync", "--variant", "v4.17", quint("page-variants"));
        assertEquals(ExitCode.BAD_INPUT, r.exit(), r.out() + r.err());
        assertFalse(r.out().contains("FAIL"), r.out());
        assertTrue(r.err().contains(": states[0].page: a sum-type value, [tag |-> \"absent\", value |-> <<>>] (Quint's"
                + " {\"tag\": ..., \"value\": ...} encoding of a variant), which the Fsync driver cannot read"), r.err());
    }

    @Test
    void aQuintTraceOnAnotherVariant_isAMismatch_whoseRerunHintRepeatsTheOptions() {
        Cli.Result r = run("replay", "--spec", "Fsync", "--variant", "v8-posting", "--constant", "CounterBits=19",
                quint("plain"));
        assertEquals(ExitCode.DIFFERS, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("FAIL " + quint("plain") + ": step 18, Fsync(fd=\"A\")"), r.out());
        assertTrue(r.out().contains("  rerun this trace alone: ./wberr replay --spec Fsync --variant v8-posting"
                + " --constant CounterBits=19 " + quint("plain") + "\n"), r.out());
    }

    @Test
    void withoutSpec_theMessageSaysHowToGiveIt() {
        Cli.Result r = run("replay", quint("plain"));
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("#meta has no \"spec\": the trace does not say which spec it is a behaviour of"
                + " (give it with --spec)"), r.err());
    }

    @Test
    void ext4TraceWithoutMeta_replaysWithConstantsGivenOnTheCommandLine() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode t = (ObjectNode) json.readTree(EXT4.toFile());
        t.putObject("#meta").put("source", "another tool");
        Path bare = tmp.resolve("ext4-bare.itf.json");
        json.writeValue(bare.toFile(), t);

        Cli.Result missing = run("replay", "--spec", "Ext4MetaWriteback", "--variant", "v5.9-errseq", bare.toString());
        assertEquals(ExitCode.BAD_INPUT, missing.exit());
        assertTrue(missing.err().contains("#meta.constants has no \"ErrorsMode\""), missing.err());

        Cli.Result r = run("replay", "--spec", "Ext4MetaWriteback", "--variant", "v5.9-errseq", "--constant",
                "ErrorsMode=remount-ro", "--constant", "CounterBits=2", "--constant", "CheckGap=true", bare.toString());
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertEquals("PASS " + bare + " (10 steps)\n1 of 1 traces conform (10 steps replayed)\n", r.out());

        // On another variant the behaviour differs (v5.10 keeps the buffer uptodate), and the hint repeats every option.
        Cli.Result wrong = run("replay", "--spec", "Ext4MetaWriteback", "--variant", "v5.10-keep-uptodate", "--constant",
                "ErrorsMode=remount-ro", "--constant", "CounterBits=2", bare.toString());
        assertEquals(ExitCode.DIFFERS, wrong.exit(), wrong.out() + wrong.err());
        assertTrue(wrong.out().contains("FAIL " + bare + ": step 5, ReadBitmap(b=\"bitmap\")"), wrong.out());
        assertTrue(wrong.out().contains("rerun this trace alone: ./wberr replay --spec Ext4MetaWriteback --variant"
                + " v5.10-keep-uptodate --constant ErrorsMode=remount-ro --constant CounterBits=2 " + bare),
                wrong.out());
    }

    @Test
    void aMalformedConstant_isBadInputNamingIt() {
        Cli.Result r = run("replay", "--spec", "Fsync", "--variant", "v4.17", "--constant", "no-equals", quint("plain"));
        assertEquals(ExitCode.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("--constant no-equals: expected NAME=VALUE"), r.err());
    }
}
