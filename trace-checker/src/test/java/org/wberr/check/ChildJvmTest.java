package org.wberr.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildJvmTest {
    @TempDir
    Path dir;

    @Test
    void archiveFor_onlyTheLaunchersJarAlone() throws IOException {
        Path jar = Files.writeString(dir.resolve("wberr.jar"), "");
        assertTrue(ChildJvm.archiveFor(jar.toString()).getFileName().toString().startsWith("wberr.jar."));
        assertNull(ChildJvm.archiveFor(jar + java.io.File.pathSeparator + dir));
        assertNull(ChildJvm.archiveFor(Files.writeString(dir.resolve("other.jar"), "").toString()));
        assertNull(ChildJvm.archiveFor(dir.toString()));
    }

    @Test
    void command_dumpsOnceThenUsesTheFreshArchive() throws IOException {
        Path jar = Files.writeString(dir.resolve("wberr.jar"), "");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        ChildJvm jvm = new ChildJvm("1g", jar.toString(), true);
        ChildJvm.Launch first = jvm.command(dir.resolve("job.json"), dir.resolve("tmp"));
        ChildJvm.Launch second = jvm.command(dir.resolve("job.json"), dir.resolve("tmp"));
        assertTrue(first.command().stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=")), first.toString());
        assertTrue(second.command().stream().noneMatch(a -> a.contains("Archive")), "one dump at a time");
        Files.writeString(first.dump(), "archive");
        jvm.finished(first, true);
        Path archive = ChildJvm.archiveFor(jar.toString());
        assertTrue(Files.isRegularFile(archive));
        ChildJvm.Launch third = jvm.command(dir.resolve("job.json"), dir.resolve("tmp"));
        assertTrue(third.command().contains("-XX:SharedArchiveFile=" + archive), third.toString());
        List<String> c = third.command();
        assertEquals(List.of("-cp", jar.toString(), ModelJob.class.getName(), dir.resolve("job.json").toString()),
                c.subList(c.size() - 4, c.size()));
    }

    @Test
    void command_withoutCds_hasNoArchiveOptions() throws IOException {
        Path jar = Files.writeString(dir.resolve("wberr.jar"), "");
        ChildJvm.Launch l = new ChildJvm("512m", jar.toString(), false).command(dir.resolve("j"), dir.resolve("t"));
        assertTrue(l.command().stream().noneMatch(a -> a.contains("Archive")), l.toString());
        assertTrue(l.command().containsAll(List.of("-XX:TieredStopAtLevel=1", "-Xmx512m", "-Djava.io.tmpdir=" + dir.resolve("t"))));
    }
}
