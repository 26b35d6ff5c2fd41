package org.wberr.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The validated contents of {@code specs/manifest.json}: every model wberr checks, with its expected result.
 *
 * @param file     the manifest file
 * @param specsDir the directory holding the modules (module files and cfg paths are relative to it)
 * @param models   the models, in manifest order
 */
public record Manifest(Path file, Path specsDir, List<ModelEntry> models) {

    public Manifest {
        models = List.copyOf(models);
    }

    /** The spec names the manifest mentions, sorted. */
    public SortedSet<String> specs() {
        SortedSet<String> s = new TreeSet<>();
        models.forEach(m -> s.add(m.spec()));
        return s;
    }

    /** The variant ids the manifest mentions, sorted. */
    public SortedSet<String> variants() {
        SortedSet<String> s = new TreeSet<>();
        models.forEach(m -> s.add(m.variant()));
        return s;
    }
}
