package org.wberr.tlc;

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
 */
public record JobSpec(String specDir, String module, String cfgFile, String mode, Integer depth, Long traces,
        Long seed, String property, String variant, boolean checkDeadlock, int workers, String workDir,
        String resultFile, long launchedAt) {

    public boolean simulate() {
        return "simulate".equals(mode);
    }
}
