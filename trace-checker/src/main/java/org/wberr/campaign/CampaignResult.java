package org.wberr.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.wberr.core.WberrException;


/**
 * What a campaign (or one shard of it) found, and what it cost; written as JSON so that the shards of one campaign
 * run on several machines can be merged ({@link #merge}).
 *
 * @param variant      the variant
 * @param seed         the campaign's seed
 * @param shard        the part run ({@code I/N}; {@code 1/1}: all), or the parts merged ({@code 1-4/4})
 * @param scenarios    scenarios run
 * @param steps        their steps
 * @param judged       steps the kernel judged (performed or refused; not NOT-JUDGED)
 * @param results      results the kernel returned and the scenario states (fsync's, stat's), each compared
 * @param covered      transitions of the small model's guest graph the coverage walks take
 * @param transitions  transitions of that graph
 * @param boots        boots of the campaign
 * @param shrinkBoots  boots spent shrinking
 * @param guests       boots at a time
 * @param runMs        wall time of the boots
 * @param wallMs       wall time in all (generation excluded; shrinking included)
 * @param agree        scenarios the kernel agrees with on every judged step
 * @param explained    scenarios whose disagreement an abstraction explains, per abstraction
 * @param abstractions why each abstraction holds
 * @param unexplained  the scenarios the kernel disagrees with, unexplained
 */
public record CampaignResult(String variant, long seed, String shard, int scenarios, long steps, long judged,
                             long results, long covered, long transitions, int boots, int shrinkBoots, int guests, long runMs, long wallMs, int agree,
                             Map<String, Integer> explained, Map<String, String> abstractions,
                             List<Disagreement> unexplained) {
    public CampaignResult {
        explained = new LinkedHashMap<>(explained);
        abstractions = new LinkedHashMap<>(abstractions);
        unexplained = List.copyOf(unexplained);
    }

    /**
     * One unexplained disagreement.
     *
     * @param name         the generated scenario
     * @param origin       the walk it came from
     * @param what         the first disagreeing step (of the minimal scenario, if shrunk)
     * @param minimal      the minimal scenario's file, or null if it was not shrunk
     * @param steps        the generated scenario's steps
     * @param minimalSteps the minimal scenario's steps
     */
    public record Disagreement(String name, String origin, String what, String minimal, int steps, int minimalSteps) {
    }

    /** Scenarios the kernel disagrees with, explained or not. */
    public int disagreeing() {
        return scenarios - agree;
    }

    /** The summary people read. */
    public List<String> summary() {
        List<String> l = new ArrayList<>();
        l.add(String.format(Locale.ROOT, "campaign %s (seed %d, shard %s): %,d scenarios, %,d steps (%,d judged by the"
                + " kernel, %,d results compared); %,d boot%s, %d at a time, %.1f s (%.1f scenarios/s)%s", variant, seed,
                shard, scenarios, steps, judged, results, boots, boots == 1 ? "" : "s", guests, runMs / 1000.0,
                runMs == 0 ? 0.0 : scenarios * 1000.0 / runMs,
                shrinkBoots == 0 ? "" : String.format(Locale.ROOT, "; shrinking: %d boots", shrinkBoots)));
        if (transitions > 0) {
            l.add(String.format(Locale.ROOT, "  coverage walks take %,d of the small model's %,d guest transitions"
                    + " (%.0f%%)", covered, transitions, 100.0 * covered / transitions));
        }
        l.add(String.format(Locale.ROOT, "  %-26s %,7d", "agree", agree));
        explained.forEach((a, n) -> l.add(String.format(Locale.ROOT, "  %-26s %,7d   %s", "explained: " + a, n,
                abstractions.getOrDefault(a, ""))));
        l.add(String.format(Locale.ROOT, "  %-26s %,7d", "unexplained", unexplained.size()));
        for (Disagreement d : unexplained) {
            l.add("    " + d.name() + ": " + d.what() + (d.minimal() == null ? "" : "; minimal (" + d.minimalSteps()
                    + " of " + d.steps() + " steps): " + d.minimal()));
        }
        return l;
    }

    /**
     * The shards of one campaign as one result: counts and times summed (times are per machine: their sum is the
     * work, not a wall time), the shards named. All must be of one variant and seed, and no shard twice.
     */
    public static CampaignResult merge(List<CampaignResult> parts, List<String> names) {
        CampaignResult first = parts.get(0);
        List<String> shards = new ArrayList<>();
        int scenarios = 0;
        int agree = 0;
        int boots = 0;
        int shrinkBoots = 0;
        long steps = 0;
        long judged = 0;
        long compared = 0;
        long runMs = 0;
        long wallMs = 0;
        int guests = 0;
        Map<String, Integer> explained = new LinkedHashMap<>();
        Map<String, String> why = new LinkedHashMap<>();
        List<Disagreement> unexplained = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            CampaignResult p = parts.get(i);
            if (!p.variant().equals(first.variant()) || p.seed() != first.seed()) {
                throw WberrException.badInput(names.get(i), "a shard of campaign " + p.variant() + " seed " + p.seed()
                        + ", not of " + first.variant() + " seed " + first.seed() + " like " + names.get(0));
            }
            if (shards.contains(p.shard())) {
                throw WberrException.badInput(names.get(i), "shard " + p.shard() + " is given twice");
            }
            shards.add(p.shard());
            scenarios += p.scenarios();
            agree += p.agree();
            boots += p.boots();
            shrinkBoots += p.shrinkBoots();
            steps += p.steps();
            judged += p.judged();
            compared += p.results();
            runMs += p.runMs();
            wallMs += p.wallMs();
            guests += p.guests();
            p.explained().forEach((a, n) -> explained.merge(a, n, Integer::sum));
            why.putAll(p.abstractions());
            unexplained.addAll(p.unexplained());
        }
        // Every shard generates the same coverage walks: their coverage is the whole campaign's.
        return new CampaignResult(first.variant(), first.seed(), String.join("+", shards), scenarios, steps, judged,
                compared, first.covered(), first.transitions(), boots, shrinkBoots, guests, runMs, wallMs, agree, explained, why, unexplained);
    }
}
