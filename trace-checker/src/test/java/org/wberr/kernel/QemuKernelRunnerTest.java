package org.wberr.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How QemuKernelRunner reports a kernel that does not build and a boot that fails, on stand-in scripts. */
class QemuKernelRunnerTest {

    @TempDir
    Path scripts;

    private void script(String name, String body) throws IOException {
        Path f = scripts.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aKernelThatDoesNotBuild_isExit3_withTheCompilersError_andTheBuildsProgressReported() throws IOException {
        script("install-deps.sh", "exit 0");
        script("build.sh", "echo \"build-kernel: building v4.13\" >&2\n"
                + "echo \"lib/errseq.c:123:5: error: expected ';' before '}' token\" >&2\nexit 3");
        List<String> progress = new ArrayList<>();
        QemuKernelRunner runner = new QemuKernelRunner(scripts, null, progress::add);
        WberrException e = assertThrows(WberrException.class, () -> runner.run(List.of(), "v4.13"));
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().contains("kernel v4.13 failed (build.sh exited with 3)"), e.getMessage());
        assertTrue(e.getMessage().contains("lib/errseq.c:123:5: error: expected ';'"), e.getMessage());
        assertEquals(List.of("kernel: build-kernel: building v4.13"), progress);
    }

    @Test
    void aBootThatFails_returnsTheScriptsExitAndWhatTheGuestSaid() throws IOException {
        script("install-deps.sh", "exit 0");
        script("build.sh", "exit 0");
        script("run-qemu.sh", "echo \"$@\" > args\necho 'WBERR hello protocol=2 kernel=6.1.192'\n"
                + "echo 'run-qemu: ERROR: the guest hung; console tail: ...' >&2\nexit 3");
        QemuKernelRunner runner = new QemuKernelRunner(scripts, null, l -> { });
        KernelRunner.Run run = runner.run(List.of(Path.of("/tmp/a.steps")), "stock");
        assertEquals(3, run.exitCode());
        assertEquals(List.of("WBERR hello protocol=2 kernel=6.1.192"), run.lines());
        assertTrue(run.diagnostics().contains("the guest hung"), run.diagnostics());
        assertEquals("--kernel stock --timeout 70 /tmp/a.steps", Files.readString(scripts.resolve("args")).strip());
    }
}
