package org.wberr.campaign;

import org.wberr.core.WberrException;

/**
 * One of {@code count} disjoint parts of a campaign: scenario {@code i} (0-based) belongs to part
 * {@code i % count + 1}. Every machine generates the same scenarios from the same seed, so the parts of one
 * campaign never overlap and together are the whole.
 *
 * @param index this part, 1-based
 * @param count the number of parts
 */
public record Shard(int index, int count) {
    /** The whole campaign. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count);
        }
    }

    /** Parses {@code I/N} (1 <= I <= N); a malformed one is bad input naming {@code option}. */
    public static Shard parse(String text, String option) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length == 2 && parts[0].matches("[0-9]{1,6}") && parts[1].matches("[0-9]{1,6}")) {
            int i = Integer.parseInt(parts[0]);
            int n = Integer.parseInt(parts[1]);
            if (n >= 1 && i >= 1 && i <= n) {
                return new Shard(i, n);
            }
        }
        throw WberrException.badInput(option, "'" + text + "' is not a shard: expected I/N with 1 <= I <= N"
                + " (this machine runs part I of N), such as 1/4");
    }

    /** Whether scenario {@code i} of the campaign (0-based) is in this part. */
    public boolean has(int i) {
        return i % count == index - 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
