package org.wberr.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wberr.core.Display;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestReaderTest {
    private static final String GOOD = """
            {"spec": "Fsync", "module": "MCFsync", "cfg": "models/a.cfg", "variant": "v4.17",
             "mode": "exhaustive", "property": "NoSilentFsyncInv", "expected": "holds", "distinctStates": 12345}""";
    private static final String SIM = """
            {"spec": "Fsync", "module": "MCFsync", "cfg": "models/b.cfg", "variant": "v4.13", "mode": "simulate",
             "depth": 30, "traces": 100, "seed": 42, "property": "NoSilentFsyncInv", "expected": "violated"}""";

    @TempDir
    Path dir;
    Path manifest;

    @BeforeEach
    void specs() throws IOException {
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("MCFsync.tla"), "---- MODULE MCFsync ----\n====\n");
        Files.writeString(dir.resolve("models/a.cfg"), "INIT Init\n");
        Files.writeString(dir.resolve("models/b.cfg"), "INIT Init\n");
        manifest = dir.resolve("manifest.json");
    }

    private Manifest read(String... entries) throws IOException {
        Files.writeString(manifest, "{\"models\": [" + String.join(",\n", entries) + "]}");
        return ManifestReader.read(manifest, dir);
    }

    /** The message of the bad-input error reading these entries gives, without the file name. */
    private String error(String... entries) {
        WberrException e = assertThrows(WberrException.class, () -> read(entries));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        String prefix = Display.path(manifest) + ": ";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        return e.getMessage().substring(prefix.length());
    }

    @Test
    void read_validEntries_givesEveryField() throws IOException {
        Manifest m = read(GOOD, SIM);
        assertEquals(2, m.models().size());
        ModelEntry a = m.models().get(0);
        assertEquals("Fsync", a.spec());
        assertEquals("MCFsync", a.module());
        assertEquals("a", a.model());
        assertEquals(dir.resolve("models/a.cfg").toAbsolutePath().normalize(), a.cfgFile());
        assertEquals(Mode.EXHAUSTIVE, a.mode());
        assertEquals(Verdict.HOLDS, a.expected());
        assertEquals(12345L, a.distinctStates());
        assertNull(a.depth());
        ModelEntry b = m.models().get(1);
        assertEquals(Mode.SIMULATE, b.mode());
        assertEquals(Verdict.VIOLATED, b.expected());
        assertNull(b.distinctStates());
        assertEquals(30, b.depth());
        assertEquals(100L, b.traces());
        assertEquals(42L, b.seed());
        assertEquals(java.util.List.of("Fsync"), java.util.List.copyOf(m.specs()));
        assertTrue(!a.slow() && !a.checkDeadlock());
        assertEquals(java.util.List.of("v4.13", "v4.17"), java.util.List.copyOf(m.variants()));
    }

    @Test
    void read_expectedMisspelled_namesFieldAndChoices() {
        assertEquals("models[1].expected: \"hold\" is not one of holds, violated",
                error(GOOD, GOOD.replace("a.cfg", "b.cfg").replace("\"holds\"", "\"hold\"")));
    }

    @Test
    void read_missingCfgFile_namesThePath() {
        assertEquals("models[0].cfg: " + Display.path(dir.resolve("models/nope.cfg")) + " does not exist",
                error(GOOD.replace("a.cfg", "nope.cfg")));
    }

    @Test
    void read_missingModuleFile_namesThePath() {
        assertEquals("models[0].module: " + Display.path(dir.resolve("MCErrseq.tla")) + " does not exist",
                error(GOOD.replace("MCFsync", "MCErrseq")));
    }

    @Test
    void read_duplicateCfg_namesBothEntries() {
        assertEquals("models[1].cfg: models/a.cfg is already listed as models[0].cfg", error(GOOD, GOOD));
    }

    @Test
    void read_duplicateCfgSpelledDifferently_isStillADuplicate() {
        assertEquals("models[1].cfg: models/./a.cfg is already listed as models[0].cfg",
                error(GOOD, GOOD.replace("models/a.cfg", "models/./a.cfg")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing field            | \"spec\": \"Fsync\",                  | ''                          | models[0].spec: missing",
        "wrong type               | \"distinctStates\": 12345            | \"distinctStates\": \"12345\" | models[0].distinctStates: expected an integer, got a string \"12345\"",
        "negative count           | \"distinctStates\": 12345            | \"distinctStates\": -1        | models[0].distinctStates: -1 is out of range (1..9223372036854775807)",
        "unknown mode             | \"exhaustive\"                        | \"bfs\"                       | models[0].mode: \"bfs\" is not one of exhaustive, simulate",
        "unknown field            | \"expected\"                          | \"expect\": 1, \"expected\"    | models[0].expect: unknown field (known: $comment, cfg, checkDeadlock, comment, depth, distinctStates, expected, mode, module, property, seed, slow, spec, traces, variant)",
        "absolute cfg             | \"models/a.cfg\"                      | \"/etc/a.cfg\"                | models[0].cfg: \"/etc/a.cfg\" must be a path inside the specs directory, relative to it",
        "cfg outside specs        | \"models/a.cfg\"                      | \"../a.cfg\"                  | models[0].cfg: \"../a.cfg\" must be a path inside the specs directory, relative to it",
        "not a cfg                | \"models/a.cfg\"                      | \"models/a.tla\"              | models[0].cfg: \"models/a.tla\" is not a .cfg file",
        "property not identifier  | \"NoSilentFsyncInv\"                  | \"No Silent\"                 | models[0].property: \"No Silent\" is not a TLA+ identifier",
        "count missing            | , \"distinctStates\": 12345          | ''                          | models[0].distinctStates: missing",
        "simulate field in bfs    | \"distinctStates\": 12345            | \"distinctStates\": 1, \"seed\": 3 | models[0].seed: only allowed in simulate mode",
        "deadlock not boolean     | \"distinctStates\": 12345            | \"distinctStates\": 1, \"checkDeadlock\": \"yes\" | models[0].checkDeadlock: expected true or false, got a string \"yes\"",
        "slow not boolean         | \"distinctStates\": 12345            | \"distinctStates\": 1, \"slow\": 1 | models[0].slow: expected true or false, got a number 1",
        "comment not a string     | \"distinctStates\": 12345            | \"distinctStates\": 1, \"$comment\": [] | models[0].$comment: expected a string, got an array []",
    })
    void read_badEntry_isNamedPrecisely(String name, String from, String to, String message) {
        assertEquals(message, error(GOOD.replace(from, to)));
    }

    @Test
    void read_simulateWithCount_isRejectedWithTheReason() {
        assertEquals("models[0].distinctStates: not allowed in simulate mode: the simulator counts no distinct"
                + " states, only its verdict is compared", error(SIM.replace("\"seed\": 42", "\"seed\": 42, \"distinctStates\": 5")));
    }

    @Test
    void read_simulateWithoutSeed_isRejected() {
        assertEquals("models[0].seed: missing", error(SIM.replace(", \"seed\": 42", "")));
    }

    @Test
    void read_invalidJson_namesLineAndColumn() throws IOException {
        Files.writeString(manifest, "{\"models\": [\n  {\"spec\": \"Fsync\",}\n]}");
        WberrException e = assertThrows(WberrException.class, () -> ManifestReader.read(manifest, dir));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith(Display.path(manifest) + ": line 2, column 20: invalid JSON: "),
                e.getMessage());
    }

    @Test
    void read_duplicateJsonKey_isInvalidJson() throws IOException {
        Files.writeString(manifest, "{\"models\": [], \"models\": []}");
        WberrException e = assertThrows(WberrException.class, () -> ManifestReader.read(manifest, dir));
        assertTrue(e.getMessage().contains("invalid JSON: Duplicate field 'models'"), e.getMessage());
    }

    @Test
    void read_commentsAndFlags_areAccepted() throws IOException {
        Files.writeString(manifest, "{\"$comment\": \"why\", \"models\": [" + GOOD.replace("\"holds\"",
                "\"holds\", \"slow\": true, \"checkDeadlock\": true, \"$comment\": \"wide\", \"comment\": \"x\"") + "]}");
        ModelEntry e = ManifestReader.read(manifest, dir).models().get(0);
        assertTrue(e.slow());
        assertTrue(e.checkDeadlock());
    }

    @Test
    void read_noModels_isAnError() throws IOException {
        assertEquals("models: the manifest lists no models", error());
    }

    @Test
    void read_missingManifest_saysSo() {
        WberrException e = assertThrows(WberrException.class,
                () -> ManifestReader.read(dir.resolve("nope.json"), dir));
        assertEquals(Display.path(dir.resolve("nope.json")) + ": the manifest does not exist", e.getMessage());
    }

    @Test
    void read_notAnObject_saysWhatItGot() throws IOException {
        Files.writeString(manifest, "[1, 2]");
        WberrException e = assertThrows(WberrException.class, () -> ManifestReader.read(manifest, dir));
        assertEquals(Display.path(manifest) + ": the top level must be a JSON object with a \"models\" array, got an array [1,2]",
                e.getMessage());
    }
}
