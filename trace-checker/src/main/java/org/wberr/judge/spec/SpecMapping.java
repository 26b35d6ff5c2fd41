package org.wberr.judge.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.wberr.scenario.Grammar;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;
import org.wberr.tlc.SpecModel;

/**
 * How the scenarios of one subject map onto its spec, for {@link TraceValidator}: the module and the cfg
 * that validate a scenario, each visible step as the spec's actions, the hidden actions allowed between
 * steps, and how a step's result and an observation step's values are read from a spec state. Each subject
 * with scenarios has one (the fsync subject's on Fsync.tla, ext4's on Ext4MetaWriteback.tla).
 *
 * <p>An implementation is a public class with a public no-argument constructor: the spec judge's child JVM is
 * given its class name and makes its own ({@link TraceJob}).
 */
public interface SpecMapping {

    /** The grammar of the scenarios this mapping takes (the child JVM parses the scenarios again with it). */
    Grammar grammar();

    /** The base module the scenarios are validated against, e.g. {@code Fsync}. */
    String module();

    /** The cfg that validates {@code scenario} under {@code variant}. */
    String cfg(Scenario scenario, String variant);

    /**
     * The ways the spec can take {@code step} under {@code variant} (any of them will do); empty if the step
     * cannot be taken in this variant at all, null if the spec has no action for it.
     */
    List<Way> ways(Step step, String variant);

    /** Why {@link #ways} is empty for {@code step} under {@code variant}. */
    default String noWay(Step step, String variant) {
        return "'" + step.text() + "' has no action of " + module() + " under " + variant;
    }

    /** Whether {@code action} may run, unseen, between two visible steps. */
    boolean hidden(SpecModel.ActionInstance action);

    /** What a step that returns something returned, read from the state it led to; null: nothing. */
    Integer result(ObjectNode state);

    /** For an observation step: the values of its keys in {@code state}, in the step's order. */
    default Map<String, String> observe(Step step, ObjectNode state) {
        throw new IllegalStateException(module() + " has no state for '" + step.text() + "'");
    }

    /** The spec's state, for --state. */
    String show(ObjectNode state);

    /** One action of the spec with its parameters (ITF values). */
    record Call(String name, Map<String, JsonNode> params) {
        public String text() {
            StringBuilder b = new StringBuilder(name);
            if (!params.isEmpty()) {
                b.append('(');
                b.append(String.join(", ", params.values().stream().map(JsonNode::toString).toList()));
                b.append(')');
            }
            return b.toString();
        }

        /** {@code Call.of(WRITE, "fd", "A", "p", 0)}: the action, then its parameters by name, ints or strings. */
        public static Call of(Enum<?> action, Object... kv) {
            return of(action.name(), kv);
        }

        /** {@code Call.of("Write", "fd", "A", "p", 0)}: parameters by name, ints or strings. */
        public static Call of(String name, Object... kv) {
            Map<String, JsonNode> p = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                Object v = kv[i + 1];
                p.put((String) kv[i], v instanceof Integer n ? IntNode.valueOf(n) : TextNode.valueOf((String) v));
            }
            return new Call(name, p);
        }
    }

    /**
     * One way to take a step: these actions in order (none: a stuttering step, the spec's "nothing
     * changes"), ending in a state that satisfies {@code when}.
     *
     * @param calls    the actions, applied in order
     * @param when     what the state the way ends in must satisfy
     * @param whenText {@code when} in words, for the message when no state does
     * @param result   what the step returns this way; null: read it from the state ({@link #result})
     */
    record Way(List<Call> calls, Predicate<ObjectNode> when, String whenText, Integer result) {
        /** The actions, in order, with no condition on the end state. */
        public static Way of(Call... calls) {
            return new Way(List.of(calls), s -> true, null, null);
        }

        /** This way, returning {@code value}. */
        public Way returning(int value) {
            return new Way(calls, when, whenText, value);
        }

        /** This way, only if it ends in a state that satisfies {@code test}. */
        public Way when(Predicate<ObjectNode> test, String text) {
            return new Way(calls, when.and(test), text, result);
        }

        /** No action: the step changes nothing, where {@code test} holds. */
        public static Way stutter(Predicate<ObjectNode> test, String text) {
            return new Way(List.of(), test, text, null);
        }

        String text() {
            return String.join("; ", calls.stream().map(Call::text).toList());
        }
    }
}
