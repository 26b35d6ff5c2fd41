package org.wberr.fuzz;

import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.wberr.core.Display;
import org.wberr.core.WberrException;
import org.wberr.manifest.ManifestReader;

/**
 * Fuzz target: a manifest file, read as {@code wberr check --manifest FILE} does ({@link ManifestReader#read}),
 * against the repository's specs directory, so that entries naming its real modules and cfgs can be valid.
 *
 * <p>Acceptable: a {@code Manifest}, or a {@link WberrException} with exit code 2 whose message starts with the
 * manifest as messages show it (then the JSON line and column, or the field: {@code models[3].cfg}). Anything else
 * is a crash.
 *
 * <p>Seeds: {@code ManifestFuzzTestInputs/manifestFile/}, the repository's manifest, a small valid one and the test
 * fixtures' broken ones.
 */
class ManifestFuzzTest {
    /** The repository's specs directory, from this module ({@code wberr.specs.dir} overrides it). */
    private static final Path SPECS = Path.of(System.getProperty("wberr.specs.dir", "../specs")).toAbsolutePath()
            .normalize();

    @FuzzTest(maxDuration = "2m")
    void manifestFile(byte[] data) {
        Path file = Fuzz.write("manifest.json", data);
        try {
            ManifestReader.read(file, SPECS);
        } catch (WberrException e) {
            Fuzz.badInput(e, Display.path(file));
        }
    }
}
