package org.wberr.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.wberr.core.WberrException;
import org.wberr.judge.ScenarioRunner;
import org.wberr.judge.kernel.KernelJudge;
import org.wberr.scenario.Scenario;
import org.wberr.subject.Subjects;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wberr kernel SCENARIO...}: runs scenarios on a real Linux kernel under QEMU, each on the kernel built for
 * its variant (as few boots as the guest allows), and compares each result with the scenario's expectations.
 */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = {"Runs scenarios on a real Linux 6.1 kernel in a QEMU guest and checks their '=> RESULT' and"
                + " 'expect' lines: scenario files; a campaign of scenarios generated from the spec (--generate); or"
                + " the review of a kernel patch (--patch).",
                "",
                "Each scenario runs on the kernel built for its variant: the unpatched 6.1 ('stock') for v4.17, 6.1"
                + " with the variant's patch for the others (v4.13, v8-posting, legacy-flags; ext4: no-check,"
                + " v2-workqueue, v5.9-errseq, v5.10-keep-uptodate); see trace-checker/src/main/kernel/README.md. The"
                + " first use installs what it needs with install-deps.sh (apt-get: root) and builds the kernels"
                + " (about 8 minutes for the first, seconds for each further variant; cached in"
                + " ~/.cache/wberr/kernels).",
                "",
                "Steps the guest cannot take (writeback-start/-end, ext4's check-bdev-error, error-err,"
                + " meta-writeback-start/-end, and every later step) show as NOT-JUDGED; so do ext4's read-bitmap (the"
                + " kernel reads a bitmap only inside the next modify) and the buffer bits an expect line states"
                + " (uptodate, write-error). 'stat' runs as ioctl(FS_IOC_FIEMAP) with FIEMAP_FLAG_SYNC, ext4's caller"
                + " of filemap_write_and_wait. An ext4 scenario's disk is checked with e2fsck -fn after the boot."
                + " Progress goes to stderr.",
                "",
                "A campaign (--generate N) writes each disagreement the model does not explain, shrunk to a minimal"
                + " scenario, into --out; 'wberr scenario --against model,spec,kernel' reruns it.",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every judged step met its expectation (a campaign: every disagreement explained; a review:"
                + " some variant agrees with the patched kernel)",
                "1:a kernel result differs from its expectation (a campaign: an unexplained disagreement; a review:"
                + " no variant agrees)",
                "2:bad input: syntax, unknown variant, fd not open, a malformed --shard, a file that is no patch",
                "3:the oracle failed: dependencies missing (not root), a patch that does not apply, a build that"
                + " fails, QEMU or the guest failed, timeout"})
public final class KernelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", arity = "0..*", description = "scenario files (specs/scenarios/*.scn); with"
            + " --merge, campaign results (--json files of --generate)")
    List<String> files = new ArrayList<>();

    @Option(names = "--generate", paramLabel = "N", description = "a campaign: generate N scenarios from the spec"
            + " (coverage walks of the small model, then seeded random walks of the wide one, over the steps the"
            + " guest can take), run them on the variant's kernel and compare every result with the spec's;"
            + " every variant of the subject unless --variant")
    Integer generate;

    @Option(names = "--seed", paramLabel = "S", description = "the campaign's seed: random walk i has seed S + i"
            + " (default 1); the same N, seed and variant always give the same scenarios")
    long seed = 1;

    @Option(names = "--shard", paramLabel = "I/N", description = "run part I of N of the campaign (scenario i is in"
            + " part i mod N + 1): run each part on its own machine, then merge the --json files with --merge")
    String shard;

    @Option(names = "--guests", paramLabel = "G", description = "QEMU guests at a time (default: the number of"
            + " cores)")
    Integer guests;

    @Option(names = "--per-boot", paramLabel = "K", description = "scenarios per boot, at most 999 (default: as few"
            + " boots as the guests allow)")
    int perBoot;

    @Option(names = "--out", paramLabel = "DIR", description = "where a campaign writes its minimal scenarios"
            + " (default target/wberr/campaign)")
    Path out;

    @Option(names = "--patch", paramLabel = "FILE", description = "patch review: apply FILE (a unified diff against"
            + " linux-source-6.1) on top of the --base variant's kernel, rebuild incrementally, run the shipped"
            + " scenarios of the base's subject and --generate N generated ones (default 200) on both kernels, and"
            + " print the steps whose results changed and which variant of the model the patched kernel agrees with")
    Path patch;

    @Option(names = "--base", paramLabel = "VARIANT", description = "the kernel --patch applies to (default v4.17,"
            + " the unpatched 6.1)")
    String base;

    @Option(names = "--merge", description = "merge campaign results (the --json files of the shards of one"
            + " campaign) given as arguments, and print the whole")
    boolean merge;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "limit of each boot (default: 60 + 10 per scenario); a kernel build is not counted")
    Integer timeout;

    @Option(names = "--state", description = "print what the guest observed after each step (page states,"
            + " errseq changes, ext4's counters, kernel log)")
    boolean showState;

    @Option(names = "--variant", paramLabel = "ID", description = "judge every file under this variant (on its"
            + " kernel), overriding its 'variant' line; a file without one is judged under v4.17")
    String variant;

    @Option(names = "--debian-kernel", description = "judge the v4.17 scenarios on Debian's packaged kernel instead"
            + " of the oracle's own unpatched build (a second stock oracle); other variants are then NOT-JUDGED")
    boolean debianKernel;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the results to FILE (the format of"
            + " 'wberr scenario --json'; with --generate or --merge, the campaigns' results, which --merge reads)")
    Path json;

    @Override
    public Integer call() {
        if (timeout != null && timeout <= 0) {
            throw WberrException.badInput("--timeout", "must be a positive number of seconds, not " + timeout);
        }
        if (merge) {
            return CampaignCommand.merge(files, json, spec.commandLine().getOut());
        }
        if (patch != null) {
            if (!files.isEmpty()) {
                throw WberrException.badInput(files.get(0), "--patch runs the shipped and generated scenarios: give no"
                        + " scenario files");
            }
            return CampaignCommand.review(patch, base == null ? KernelJudge.KERNEL_VARIANT : base,
                    generate == null ? 200 : generate, seed, timeout, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
        if (base != null) {
            throw WberrException.badInput("--base", "only with --patch");
        }
        if (generate != null) {
            if (!files.isEmpty()) {
                throw WberrException.badInput(files.get(0), "--generate runs generated scenarios, not files: give"
                        + " either");
            }
            return new CampaignCommand(generate, seed, shard, guests, perBoot, out, variant, timeout, json,
                    spec.commandLine().getOut(), spec.commandLine().getErr()).run();
        }
        if (files.isEmpty()) {
            throw WberrException.badInput("wberr kernel", "give scenario files, or --generate N");
        }
        List<Scenario> scenarios = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        for (String file : files) {
            Scenario s = Subjects.scenarioParser().parse(path(file), file);
            scenarios.add(s);
            List<String> known = Subjects.of(s).variants();
            variants.add(variant == null && s.variant().isEmpty() && known.contains(KernelJudge.KERNEL_VARIANT)
                    ? KernelJudge.KERNEL_VARIANT : ScenarioRunner.resolveVariant(s, variant, known));
        }
        return Judges.run(List.of("kernel"), scenarios, variants, null,
                new Judges.KernelOptions(timeout == null ? null : Duration.ofSeconds(timeout), debianKernel),
                showState, json, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    static Path path(String file) {
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw WberrException.badInput(file, "not a valid path: " + e.getReason());
        }
    }
}
