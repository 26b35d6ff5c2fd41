package org.wberr.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.wberr.core.AtomicFiles;

/**
 * Writes ITF trace files (Apalache ADR-015): the trace-level {@code #meta} on one line, {@code vars}, then one
 * state per line, all compact, so that files stay small (the default export writes about a million states),
 * grep-able and diff-able line by line:
 *
 * <pre>
 * {
 *   "#meta": {"format":"ITF",...,"kind":"coverage",...},
 *   "vars": ["page","wb_err",...],
 *   "states": [
 *     {"#meta":{"index":0},"mbt::actionTaken":"init","mbt::nondetPicks":{},"page":{"#map":[[0,"absent"]]},...},
 *     ...
 *   ],
 *   "loop": 2
 * }
 * </pre>
 *
 * {@link #write} writes a file atomically (a temporary file in the same directory, then a rename).
 */
public final class ItfWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] NL = {'\n'};


    private ItfWriter() {
    }

    /**
     * The part of a state line that says how the state was reached: {@code "mbt::actionTaken":"Write",
     * "mbt::nondetPicks":{"fd":"A","p":0}} ({@code picks}: an ITF record, as JSON). Computed once per action and
     * parameters, reused for every state line.
     */
    public static byte[] step(String action, byte[] picks) {
        byte[] name = json(MAPPER.getNodeFactory().textNode(action));
        Bytes b = new Bytes(name.length + picks.length + 40);
        b.add("\"mbt::actionTaken\":").add(name).add(",\"mbt::nondetPicks\":").add(picks);
        return b.toArray();
    }

    /**
     * A trace being written: the header ({@code #meta}, {@code vars}), then states one per line, then the end.
     */
    public static final class Trace {
        private final Bytes b = new Bytes(1 << 16);
        private int states;

        public Trace(JsonNode meta, List<String> vars) {
            b.add("{\n  \"#meta\": ").add(json(meta)).add(",\n  \"vars\": ").add(json(MAPPER.valueToTree(vars)))
                    .add(",\n  \"states\": [");
        }

        /**
         * Adds a state: {@code step} from {@link #step}, {@code vars} the variables as the inside of a JSON object
         * ({@code "x":1,"y":2}, in declaration order).
         */
        public Trace state(byte[] step, byte[] vars) {
            b.add(states == 0 ? "\n    {\"#meta\":{\"index\":" : ",\n    {\"#meta\":{\"index\":").add(states)
                    .add("},").add(step);
            if (vars.length > 0) {
                b.add(",").add(vars);
            }
            b.add("}");
            states++;
            return this;
        }

        /** Adds a state given as a whole JSON object (its keys in ITF's order). */
        public Trace state(JsonNode state) {
            b.add(states == 0 ? "\n    " : ",\n    ").add(json(state));
            states++;
            return this;
        }

        /** The file's bytes; {@code loop} is a lasso's loop index (null for none). */
        public byte[] finish(Integer loop) {
            b.add(states == 0 ? "]" : "\n  ]");
            if (loop != null) {
                b.add(",\n  \"loop\": ").add(loop);
            }
            b.add("\n}\n");
            return b.toArray();
        }
    }

    /** A growable byte array, unsynchronized. */
    private static final class Bytes {
        private byte[] a;
        private int n;

        Bytes(int capacity) {
            a = new byte[capacity];
        }

        Bytes add(byte[] x) {
            ensure(x.length);
            System.arraycopy(x, 0, a, n, x.length);
            n += x.length;
            return this;
        }

        /** ASCII text. */
        Bytes add(String ascii) {
            ensure(ascii.length());
            for (int i = 0; i < ascii.length(); i++) {
                a[n++] = (byte) ascii.charAt(i);
            }
            return this;
        }

        Bytes add(int x) {
            return add(Integer.toString(x));
        }

        private void ensure(int more) {
            if (n + more > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, n + more));
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** Writes {@code bytes} to {@code file} atomically (creating its directory); returns the number of bytes. */
    public static long write(Path file, byte[] bytes) throws IOException {
        return AtomicFiles.write(file, bytes);
    }

    /** Compact JSON bytes of a value. */
    public static byte[] json(JsonNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
