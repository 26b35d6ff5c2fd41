package org.wberr.replay;

import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import org.wberr.itf.ItfTrace;

/**
 * The model constants a driver needs, read from a trace's #meta: {@code variant}, and
 * {@code constants.CounterBits} (our exporter writes every CONSTANT of the model there). Traces from
 * other tools may lack them; the replay command can supply the variant, and the counter width defaults
 * to the kernel's.
 */
public final class TraceConstants {
    private TraceConstants() {
    }

    public static <T> T variant(ItfTrace trace, Function<String, T> parse) {
        String id = trace.metaText("variant");
        if (id == null) {
            throw new ReplayException("#meta has no \"variant\": the trace does not say which variant it is "
                    + "a behaviour of (give it with --variant)");
        }
        try {
            return parse.apply(id);
        } catch (IllegalArgumentException e) {
            throw new ReplayException("#meta.variant: " + e.getMessage());
        }
    }

    public static int counterBits(ItfTrace trace, int fallback) {
        JsonNode c = trace.meta() == null ? null : trace.meta().path("constants").get("CounterBits");
        return c == null || !c.canConvertToInt() ? fallback : c.intValue();
    }
}
