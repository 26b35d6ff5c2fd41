package org.wberr.conformance;

import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import org.wberr.itf.ItfTrace;

/**
 * The model constants a driver needs, read from a trace's #meta: {@code variant}, and the model's
 * CONSTANTs under {@code constants} (our exporter writes every CONSTANT of the model there), such as
 * {@code CounterBits}, {@code ErrorsMode} and {@code CheckGap}. Traces from other tools may lack them; the
 * replay command can supply the variant, the counter width defaults to the kernel's, and each driver says
 * which others it needs and what a missing one defaults to.
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

    /** A string constant ({@code "ErrorsMode": "remount-ro"}); a missing one is a named error saying why it is needed. */
    public static String text(ItfTrace trace, String name, String why) {
        JsonNode c = constant(trace, name);
        if (c == null) {
            throw new ReplayException("#meta.constants has no \"" + name + "\": " + why);
        }
        if (!c.isTextual()) {
            throw new ReplayException("#meta.constants." + name + " must be a string, got " + c);
        }
        return c.textValue();
    }

    /** A boolean constant ({@code "CheckGap": true}), or {@code fallback} if the trace does not give it. */
    public static boolean bool(ItfTrace trace, String name, boolean fallback) {
        JsonNode c = constant(trace, name);
        if (c == null) {
            return fallback;
        }
        if (!c.isBoolean()) {
            throw new ReplayException("#meta.constants." + name + " must be true or false, got " + c);
        }
        return c.booleanValue();
    }

    private static JsonNode constant(ItfTrace trace, String name) {
        JsonNode c = trace.meta() == null ? null : trace.meta().path("constants").get(name);
        return c == null || c.isNull() ? null : c;
    }

    public static int counterBits(ItfTrace trace, int fallback) {
        JsonNode c = trace.meta() == null ? null : trace.meta().path("constants").get("CounterBits");
        return c == null || !c.canConvertToInt() ? fallback : c.intValue();
    }
}
