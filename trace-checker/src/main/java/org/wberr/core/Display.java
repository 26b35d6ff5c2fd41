package org.wberr.core;

import java.nio.file.Path;
import java.nio.file.Paths;

/** How wberr names files in messages: relative to the working directory when inside it, else absolute. */
public final class Display {
    private Display() {
    }

    public static String path(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Paths.get("").toAbsolutePath().normalize();
        if (abs.startsWith(cwd) && !abs.equals(cwd)) {
            return cwd.relativize(abs).toString();
        }
        return abs.toString();
    }
}
