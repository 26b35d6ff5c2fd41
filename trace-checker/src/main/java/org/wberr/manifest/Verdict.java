package org.wberr.manifest;

/** What the manifest expects of a model's property. */
public enum Verdict {
    HOLDS("holds"),
    VIOLATED("violated");

    private final String id;

    Verdict(String id) {
        this.id = id;
    }

    /** The manifest's spelling. */
    public String id() {
        return id;
    }

    /** The verdict spelled {@code id}, or null. */
    public static Verdict of(String id) {
        for (Verdict v : values()) {
            if (v.id.equals(id)) {
                return v;
            }
        }
        return null;
    }
}
