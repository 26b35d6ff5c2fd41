package org.wberr.check;

import java.util.List;

import org.wberr.tlc.TlcSession;

/**
 * What the parent asks one child JVM ({@link ModelJob}) to do, written as JSON to the job directory. New
 * per-model work (trace export, coverage) adds fields here; a missing field reads as null or false, so
 * older job files stay valid.
 *
 * @param specDir       the directory holding the modules, absolute
 * @param module        the module TLC runs (file {@code specDir/<module>.tla})
 * @param cfgFile       the cfg, absolute
 * @param mode          {@code exhaustive} or {@code simulate}
 * @param depth         simulate: length of each behaviour
 * @param traces        simulate: number of behaviours
 * @param seed          simulate: random seed
 * @param property      the property whose verdict is wanted (must be an INVARIANT or PROPERTY of the cfg)
 * @param variant       the variant id the manifest says the cfg sets (checked against a constant {@code Variant})
 * @param checkDeadlock whether TLC reports states without successors
 * @param workers       TLC worker threads
 * @param workDir       the job's own directory: TLC's metadir and java.io.tmpdir live below it
 * @param resultFile    where the child writes its {@link JobResult}
 * @param launchedAt    the parent's clock (epoch ms) just before it started the child, to measure JVM start-up
 * @param export        what to export after model checking, null for nothing
 */
public record JobSpec(String specDir, String module, String cfgFile, String mode, Integer depth, Long traces,
        Long seed, String property, String variant, boolean checkDeadlock, int workers, String workDir,
        String resultFile, long launchedAt, Export export) {

    /**
     * What one child exports as ITF traces. Coverage and random traces belong to a configuration (the models
     * that share a module, constants, constraints and specification, hence a state graph); one job of each
     * configuration writes them, the others only their counterexamples.
     *
     * @param outDir          the output directory (absolute); file paths in the result are relative to it
     * @param configDir       the directory of the configuration's coverage and random traces, relative to
     *                        {@code outDir} ({@code traces/configs/<config>}); written as a whole, atomically
     * @param counterexampleFile where this model's counterexample goes, relative to {@code outDir}
     *                        ({@code traces/counterexamples/<model>.itf.json})
     * @param config          the configuration's name (its first model in manifest order)
     * @param configCfg       that model's cfg, relative to the specs directory
     * @param configModels    the models of the configuration, in manifest order
     * @param spec            the manifest's spec name (replay drivers are looked up by it)
     * @param model           this job's model (cfg base name)
     * @param cfg             this job's cfg, relative to the specs directory
     * @param counterexample  write this model's counterexample, if TLC finds one
     * @param coverage        explore the graph and write the configuration's coverage and random traces
     * @param random          random walks to write (with {@code coverage})
     * @param randomDepth     steps of each random walk
     * @param seed            seed of the first random walk; walk i uses {@code seed + i}
     * @param maxSteps        the length cap of coverage traces
     * @param maxTransitions  no coverage traces for a configuration with more transitions than this (the
     *                        exploration stops there)
     * @param version         wberr's version, for the traces' #meta
     * @param sample          the most coverage traces and random walks written (each kind), -1 for all: check
     *                        writes a sample, export writes everything
     * @param driver          the class of the spec's replay driver (a {@code org.wberr.conformance.Driver} with a
     *                        public no-argument constructor): with {@code coverage}, every transition of the graph
     *                        is checked on model-java in this JVM ({@code GraphConformance}); null: not checked
     */
    public record Export(String outDir, String configDir, String counterexampleFile, String config, String configCfg, List<String> configModels,
            String spec, String model, String cfg, boolean counterexample, boolean coverage, int random,
            int randomDepth, long seed, int maxSteps, long maxTransitions, String version, int sample,
            String driver) {
    }

    /** What TLC is asked to do for this job. */
    public TlcSession.Options tlcOptions() {
        return new TlcSession.Options(specDir, module, cfgFile, simulate(), traces, depth, seed, checkDeadlock, workers,
                workDir);
    }

    public boolean simulate() {
        return "simulate".equals(mode);
    }
}
