package org.wberr.manifest;

/** How a model is checked: the whole state space, or random behaviours. */
public enum Mode {
    /** Breadth-first search of every reachable state; the distinct-state count is compared. */
    EXHAUSTIVE("exhaustive"),
    /** TLC's random simulation with a fixed seed, depth and number of behaviours; only the verdict is compared. */
    SIMULATE("simulate");

    private final String id;

    Mode(String id) {
        this.id = id;
    }

    /** The manifest's spelling. */
    public String id() {
        return id;
    }

    /** The mode spelled {@code id}, or null. */
    public static Mode of(String id) {
        for (Mode m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        return null;
    }
}
