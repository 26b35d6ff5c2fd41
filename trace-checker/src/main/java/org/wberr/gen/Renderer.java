package org.wberr.gen;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.wberr.itf.ItfTrace;
import org.wberr.itf.ItfValue;

/**
 * Renders one spec's behaviour as plain Java calls on model-java, for generated JUnit tests: the set-up
 * from the trace's constants, each action as the call it stands for, and the spec's state after each step
 * as assertions. The replay {@link org.wberr.conformance.Driver} of the same spec executes the same mapping;
 * this one writes it down for a human to read. Each subject has one (its package's {@code *Renderer}).
 */
public interface Renderer {
    /** Imports the generated class needs (fully qualified names; static imports prefixed "static "). */
    List<String> imports();

    /** Statements that build the implementation for the trace. */
    List<String> setup(ItfTrace trace);

    /** The statements of one step (the call, with the spec's return value asserted where there is one). */
    List<String> step(String action, Map<String, ItfValue> picks, ItfTrace.State after);

    /** Statements asserting the implementation's state equals the spec's compared variables in {@code s}. */
    List<String> assertState(ItfTrace.State s);

    /** A Java string literal. */
    static String str(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A Java int literal for an ITF integer (errseq words are unsigned 32-bit values). */
    static String intLit(ItfValue v) {
        long x = ((ItfValue.Int) v).value().longValueExact();
        return x <= Integer.MAX_VALUE ? Long.toString(x) : "(int) " + x + "L";
    }

    static String strOf(ItfValue v) {
        return ((ItfValue.Str) v).value();
    }

    /** A function with integer keys, keyed by their values, sorted. */
    static Map<Long, ItfValue> intKeys(Map<ItfValue, ItfValue> f) {
        Map<Long, ItfValue> out = new TreeMap<>();
        f.forEach((k, v) -> out.put(((ItfValue.Int) k).value().longValueExact(), v));
        return out;
    }

    /** A function with string keys, keyed by the strings, sorted. */
    static Map<String, ItfValue> strKeys(Map<ItfValue, ItfValue> f) {
        Map<String, ItfValue> out = new TreeMap<>();
        f.forEach((k, v) -> out.put(strOf(k), v));
        return out;
    }
}
