package org.wberr.export;

/**
 * A map from long to int without boxing: open addressing with linear probing in two arrays. The state space looks
 * up every successor's fingerprint in it; a {@code HashMap<Long, Integer>} cost a third of the exploration's time
 * in cache misses (a table slot, a node, a boxed key per lookup; measured with JFR on the biggest default graph).
 */
final class LongIntMap {
    private static final int ABSENT = -1;
    private long[] keys;
    private int[] values;
    private boolean[] used;
    private int size;

    LongIntMap() {
        allocate(1 << 10);
    }

    /** The value of {@code key}, or -1. */
    int get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); used[i]; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return ABSENT;
    }

    /** Maps {@code key} to {@code value} (at least 0), replacing an earlier value. */
    void put(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("values are at least 0: " + value);
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (used[i] && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (!used[i]) {
            used[i] = true;
            keys[i] = key;
            size++;
        }
        values[i] = value;
    }

    int size() {
        return size;
    }

    /** Fingerprints are well mixed already, but a multiply spreads any key (a bijection, so no new collisions). */
    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new int[capacity];
        used = new boolean[capacity];
        size = 0;
    }

    private void grow() {
        long[] k = keys;
        int[] v = values;
        boolean[] u = used;
        allocate(keys.length * 2);
        for (int i = 0; i < k.length; i++) {
            if (u[i]) {
                put(k[i], v[i]);
            }
        }
    }
}
