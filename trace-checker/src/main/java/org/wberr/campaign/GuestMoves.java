package org.wberr.campaign;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one subject's spec actions are as scenario steps the kernel guest can take: the subject's half of scenario
 * generation. A guest step is one spec action ({@code fsync A}), or two in a row that the guest takes as one
 * ({@code writeback 0 EIO} is WritebackStart then WritebackEnd: the guest cannot hold a page under writeback between
 * two steps); an action the guest cannot take is never generated.
 */
public interface GuestMoves {

    /** The subject's name, as scenarios write it ({@code fsync}). */
    String subject();

    /** The model-checking module whose behaviours are walked ({@code MCFsync}: the spec with its StateBound). */
    String module();

    /**
     * The constants of the generation model for {@code variant}, one {@code NAME = VALUE} per entry, and
     * whether it is the {@code wide} model (random walks) or the small one (coverage walks: its graph is explored
     * in full). Each subject's implementation says why its bounds are what they are.
     */
    List<String> constants(String variant, boolean wide);

    /** The cfg's extra lines after the constants (CONSTRAINT StateBound). */
    List<String> cfgTail();

    /** How the guest takes one spec action, given its name and its ITF parameters (a record). */
    Take take(String action, JsonNode params);

    /**
     * The guest step of the pair ({@code first}, then {@code action}), where {@code first} was a {@link Take.First};
     * empty if the guest cannot take {@code action} right after {@code first}.
     */
    Optional<String> second(Take.First first, String action, JsonNode params);

    /**
     * Whether a guest step is costly on the guest (fsync's {@code writeback P ENOSPC}: the guest fills a dm-thin
     * pool, about 1.3 s, where every other step takes milliseconds). Generated scenarios take costly steps only in
     * every {@link Generator#COSTLY_EVERY}-th random walk.
     */
    default boolean costly(String step) {
        return false;
    }

    /** The scenario's {@code => RESULT} of a step that returns one, from the state it led to (ITF JSON). */
    String result(JsonNode state);

    /** The scenario's header lines for {@code variant} ({@code variant v4.17}; ext4: {@code subject ext4}, ...). */
    List<String> header(String variant);

    /** The kernel behaviours the model names as abstractions of it, for explaining disagreements. */
    List<Abstraction> abstractions();

    /** How the guest takes one spec action. */
    sealed interface Take {
        /** A step of its own; {@code returns}: it returns a result the scenario states ({@code => EIO}). */
        record Alone(String step, boolean returns) implements Take {
        }

        /** The first of two actions the guest takes as one step; {@code key} identifies it for {@link #second}. */
        record First(String action, String key) implements Take {
        }

        /** The guest cannot take it. */
        record Never(String why) implements Take {
        }
    }
}
