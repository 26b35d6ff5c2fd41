package org.wberr.subject.ext4;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.wberr.gen.TestGenerator;
import org.wberr.itf.ItfReader;
import org.wberr.itf.ItfTrace;
import org.wberr.model.step.Waiting;
import org.wberr.subject.Subjects;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Ext4Renderer} through {@link TestGenerator#generate}: the hand-written ext4 traces of the replay
 * tests, dressed as counterexamples of a real model (so the header's inputs exist), become tests with one
 * plain call per action and the spec's state asserted after it.
 */
class Ext4RendererTest {

    private static Path repo() {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("specs/models"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("specs/ not found above " + Paths.get("").toAbsolutePath());
        }
        return p;
    }

    /** A hand-written trace with the #meta a counterexample of {@code model} has. */
    private static ItfTrace counterexample(String file, String model, String property) throws IOException {
        Path f = repo().resolve("trace-checker/src/test/resources/replay/ext4/" + file);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(f.toFile());
        ObjectNode meta = (ObjectNode) root.get("#meta");
        meta.put("kind", "counterexample");
        meta.put("model", model);
        meta.put("module", "MCExt4MetaWriteback");
        meta.put("cfg", "models/" + model + ".cfg");
        meta.put("property", property);
        return ItfReader.parse(f, json.writeValueAsString(root));
    }

    private static String generate(ItfTrace trace) {
        return TestGenerator.generate(trace, repo().resolve("specs"), new Ext4Renderer());
    }

    private static void assertHas(String source, String expected) {
        assertTrue(source.contains(expected), "expected\n" + expected + "\nin\n" + source);
    }

    @Test
    void lostUpdate_rendersPlainCalls_andTheSpecsStateAfterEachStep() throws IOException {
        String src = generate(counterexample("lost-update-no-check.itf.json",
                "ext4-no-check-continue-NoLostMetadataUpdate", "NoLostMetadataUpdateInv"));
        assertHas(src, "package org.wberr.model.counterexamples;");
        assertHas(src, "import static org.wberr.model.counterexamples.Ext4Snapshots.*;");
        assertHas(src, "class Ext4NoCheckContinueNoLostMetadataUpdateTest {");
        assertHas(src, "        Ext4 fs = Ext4.builder(Ext4Variant.fromId(\"no-check\")).errors(ErrorsMode.fromId("
                + "\"continue\")).counterBits(2)\n                .blocks(\"bitmap\").waiting(Waiting.REFUSE).build();");
        assertHas(src, "        // 0. init\n        assertEquals(state(0, 0, false, fsFlags(),\n"
                + "                block(\"bitmap\", ids(), ids(), \"uptodate\")),\n                fs.snapshot());");
        assertHas(src, "        // 1. Modify(b = \"bitmap\")\n        assertEquals(0, fs.modify(\"bitmap\"), \"modify returns\");\n"
                + "        assertEquals(state(0, 0, false, fsFlags(),\n"
                + "                block(\"bitmap\", ids(1), ids(), \"uptodate\", \"jbddirty\")),");
        assertHas(src, "        fs.writebackEnd(\"bitmap\", WriteOutcome.EIO);\n        assertEquals(state(5, 0, false,"
                + " fsFlags(),\n                block(\"bitmap\", ids(1), ids(), \"write_io_error\")),");
        assertHas(src, "        fs.readBitmap(\"bitmap\");\n");
        assertHas(src, "        // 9. WritebackEnd(b = \"bitmap\", outcome = \"ok\"): NoLostMetadataUpdateInv is violated here\n"
                + "        fs.writebackEnd(\"bitmap\", WriteOutcome.OK);\n");
        assertHas(src, "block(\"bitmap\", ids(2), ids(2), \"uptodate\")),"); // the rewrite cleared BH_Write_EIO
    }

    @Test
    void modifyRefused_assertsErofs_andErrorErrIsAPlainCall() throws IOException {
        String src = generate(counterexample("v2-window-remount-ro.itf.json",
                "ext4-v2-workqueue-remount-ro-NoLostMetadataUpdate", "NoLostMetadataUpdateInv"));
        assertHas(src, "        fs.errorErr();\n        assertEquals(state(5, 0, false, fsFlags(\"error_fs\", \"aborted\","
                + " \"rdonly\"),");
        assertHas(src, "        assertEquals(-30, fs.modify(\"bitmap\"), \"modify is refused (EROFS)\");");
    }

    @Test
    void checkGap_theCheckAlone_orWithItsErrorErrWhenTheModelHasNoGap() throws IOException {
        String gap = generate(counterexample("v59-gap-remount-ro.itf.json",
                "ext4-v5.9-errseq-remount-ro-NoLostMetadataUpdate", "NoLostMetadataUpdateInv"));
        assertHas(gap, "        assertEquals(-5, fs.checkBdevWriteError(), \"the check finds the failed write (EIO)\");\n"
                + "        assertEquals(state(");
        String atomic = generate(counterexample("v59-atomic-continue.itf.json",
                "ext4-v5.9-errseq-continue-NoLostMetadataUpdate-atomic", "NoLostMetadataUpdateInv"));
        assertHas(atomic, "        assertEquals(-5, fs.checkBdevWriteError(), \"the check finds the failed write (EIO)\");\n"
                + "        fs.errorErr(); // CheckGap = FALSE: ext4_error_err in the same step as the check\n");
    }

    @Test
    void anActionTheSpecDoesNotHave_isAnError() {
        Ext4Renderer r = new Ext4Renderer();
        assertThrows(IllegalArgumentException.class, () -> r.step("Fsync", Map.of(), null));
    }

    @Test
    void ext4IsRegistered() {
        assertTrue(Subjects.bySpec("Ext4MetaWriteback").get().newRenderer() instanceof Ext4Renderer);
    }
}
