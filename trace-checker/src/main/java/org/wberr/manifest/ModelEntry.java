package org.wberr.manifest;

import java.nio.file.Path;

/**
 * One model of {@code specs/manifest.json}: a module checked with one cfg, judged on one property.
 *
 * @param index          position in the manifest's {@code models} array (for messages: {@code models[3]})
 * @param spec           the subject, the base module's name (Fsync)
 * @param module         the module TLC runs (MCFsync), the file {@code specs/<module>.tla}
 * @param cfg            the cfg path as written in the manifest, relative to the specs directory
 * @param cfgFile        the cfg file, absolute
 * @param variant        the variant id the cfg sets
 * @param mode           exhaustive model checking or random simulation
 * @param property       the invariant or temporal property this model judges
 * @param expected       whether {@code property} is expected to hold or to be violated
 * @param distinctStates the expected distinct-state count (exhaustive mode only; null in simulate mode)
 * @param depth          simulate mode: the length of each random behaviour (null in exhaustive mode)
 * @param traces         simulate mode: how many behaviours to generate (null in exhaustive mode)
 * @param seed           simulate mode: the random seed (null in exhaustive mode)
 * @param checkDeadlock  whether TLC reports deadlock (a state without successors); off unless the manifest
 *                       says {@code "checkDeadlock": true}, since our specs may have legitimate terminal states
 * @param slow           checked only on request ({@code wberr check --slow}, the slow test suite)
 */
public record ModelEntry(int index, String spec, String module, String cfg, Path cfgFile, String variant,
        Mode mode, String property, Verdict expected, Long distinctStates, Integer depth, Long traces,
        Long seed, boolean checkDeadlock, boolean slow) {

    /** The model's name: the cfg's file name without directory and extension. */
    public String model() {
        String name = cfgFile.getFileName().toString();
        return name.endsWith(".cfg") ? name.substring(0, name.length() - 4) : name;
    }

    /** How messages name this entry: {@code models[3]}. */
    public String where() {
        return "models[" + index + "]";
    }
}
