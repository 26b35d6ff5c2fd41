package org.wberr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.wberr.campaign.Campaign;
import org.wberr.campaign.CampaignResult;
import org.wberr.campaign.Generator;
import org.wberr.campaign.GuestMoves;
import org.wberr.campaign.Shard;
import org.wberr.core.ExitCode;
import org.wberr.core.WberrException;
import org.wberr.judge.kernel.KernelJudge;
import org.wberr.kernel.QemuKernelRunner;
import org.wberr.report.SideBySidePrinter;
import org.wberr.subject.Subject;
import org.wberr.subject.Subjects;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code wberr kernel --generate N}: a campaign per variant (generate, run on the kernel, compare, shrink), and
 * {@code wberr kernel --merge}: the shards of campaigns as wholes.
 */
final class CampaignCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int count;
    private final long seed;
    private final Shard shard;
    private final int guests;
    private final int perBoot;
    private final Path out;
    private final String variant;
    private final Integer timeout;
    private final Path json;
    private final PrintWriter stdout;
    private final PrintWriter stderr;

    CampaignCommand(int count, long seed, String shard, Integer guests, int perBoot, Path out, String variant,
            Integer timeout, Path json, PrintWriter stdout, PrintWriter stderr) {
        if (count < 1) {
            throw WberrException.badInput("--generate", "must be at least 1 scenario, not " + count);
        }
        if (guests != null && guests < 1) {
            throw WberrException.badInput("--guests", "must be at least 1, not " + guests);
        }
        if (perBoot < 0 || perBoot > Campaign.GUEST_FILES_PER_BOOT) {
            throw WberrException.badInput("--per-boot", "must be 1 to " + Campaign.GUEST_FILES_PER_BOOT
                    + " (the guest's limit), not " + perBoot);
        }
        this.count = count;
        this.seed = seed;
        this.shard = shard == null ? Shard.ALL : Shard.parse(shard, "--shard");
        this.guests = guests != null ? guests : Runtime.getRuntime().availableProcessors();
        this.perBoot = perBoot;
        this.out = out != null ? out : Main.home().resolve("target/wberr/campaign");
        this.variant = variant;
        this.timeout = timeout;
        this.json = json;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The subjects whose scenarios can be generated, with their guest steps. */
    private static Map<String, Subject> generating() {
        Map<String, Subject> bySubject = new LinkedHashMap<>();
        for (Subject s : Subjects.ALL) {
            if (s.scenarios().flatMap(Subject.Scenarios::guest).isPresent()) {
                bySubject.put(s.name(), s);
            }
        }
        return bySubject;
    }

    int run() {
        List<Subject> subjects = new ArrayList<>(generating().values());
        List<String[]> runs = new ArrayList<>();
        for (Subject s : subjects) {
            for (String v : s.variants()) {
                if (variant == null || variant.equals(v)) {
                    runs.add(new String[] {s.name(), v});
                }
            }
        }
        if (runs.isEmpty()) {
            List<String> known = subjects.stream().flatMap(s -> s.variants().stream()).toList();
            throw WberrException.badInput("--variant", "unknown variant '" + variant + "' for --generate: expected one"
                    + " of " + String.join(", ", known));
        }
        List<CampaignResult> results = new ArrayList<>();
        for (String[] r : runs) {
            Subject subject = Subjects.byName(r[0]).orElseThrow();
            GuestMoves moves = subject.scenarios().orElseThrow().guest().orElseThrow();
            results.add(campaign(moves, r[1]));
        }
        return finish(results, json);
    }

    /** Writes the campaigns' results to {@code json} if given; exit 1 if any has an unexplained disagreement. */
    private static int finish(List<CampaignResult> results, Path json) {
        if (json != null) {
            try {
                org.wberr.core.AtomicFiles.write(json, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results)
                        + "\n");
            } catch (IOException e) {
                throw WberrException.environment("cannot write " + json + ": " + e.getMessage(), e);
            }
        }
        return results.stream().anyMatch(c -> !c.unexplained().isEmpty()) ? ExitCode.DIFFERS : ExitCode.OK;
    }

    /** The specs of this checkout; their absence is an environment failure naming WBERR_HOME. */
    static Path specs() {
        Path specs = Main.home().resolve("specs");
        if (!Files.isDirectory(specs)) {
            throw new WberrException(ExitCode.ENVIRONMENT, "no specs directory at " + specs + ": run wberr from a"
                    + " wberr checkout (or set WBERR_HOME to one)");
        }
        return specs;
    }

    /** Generates a campaign's scenarios from this checkout's specs, in a temporary directory deleted after. */
    private static Generator.Generation generate(GuestMoves moves, String variant, int n, long seed, Shard shard,
            java.util.function.Consumer<String> progress) {
        Path specs = specs();
        Path work;
        try {
            work = Files.createTempDirectory("wberr-generate-");
        } catch (IOException e) {
            throw WberrException.environment("cannot create a temporary directory: " + e.getMessage(), e);
        }
        try {
            return new Generator(specs, work, moves, variant, progress).generate(n, seed, shard);
        } finally {
            org.wberr.check.TlcRunner.deleteTree(work);
        }
    }

    private CampaignResult campaign(GuestMoves moves, String v) {
        Generator.Generation generated = generate(moves, v, count, seed, shard, this::progress);
        Duration limit = timeout == null ? null : Duration.ofSeconds(timeout);
        Campaign c = new Campaign(progress -> new KernelJudge(new QemuKernelRunner(
                QemuKernelRunner.scriptsIn(Main.home()), limit, progress), null,
                s -> Subjects.scenarios(s).kernel()), (source, text) -> Subjects.scenarioParser().parse(source, text),
                s -> Subjects.scenarios(s).model(), moves, SideBySidePrinter::describe,
                new Campaign.Options(guests, perBoot, out.resolve(v)),
                this::progress);
        CampaignResult r = c.run(v, seed, shard, generated);
        r.summary().forEach(stdout::println);
        stdout.flush();
        return r;
    }

    private void progress(String line) {
        synchronized (stderr) {
            stderr.println(line);
            stderr.flush();
        }
    }

    /**
     * {@code wberr kernel --patch FILE --base VARIANT}: the shipped scenarios of the base's subject and {@code count}
     * generated from the base's spec, on the base's kernel and on it with the patch.
     */
    static int review(Path patch, String base, int count, long seed, Integer timeout, PrintWriter stdout,
            PrintWriter stderr) {
        Subject subject = generating().values().stream().filter(s -> s.variants().contains(base)).findFirst()
                .orElseThrow(() -> WberrException.badInput("--base", "unknown variant '" + base + "': expected one of "
                        + String.join(", ", generating().values().stream().flatMap(s -> s.variants().stream())
                        .toList())));
        if (!java.nio.file.Files.isRegularFile(patch) || !java.nio.file.Files.isReadable(patch)) {
            throw WberrException.badInput(patch.toString(), "no such readable file");
        }
        if (count < 0) {
            throw WberrException.badInput("--generate", "must be at least 0 scenarios, not " + count);
        }
        GuestMoves moves = subject.scenarios().orElseThrow().guest().orElseThrow();
        java.util.function.Consumer<String> progress = line -> {
            if (line.contains("  scenario ")) {
                return; // one line per scenario: too many for a review
            }
            synchronized (stderr) {
                stderr.println(line);
                stderr.flush();
            }
        };
        Duration limit = timeout == null ? null : Duration.ofSeconds(timeout);
        QemuKernelRunner runner = new QemuKernelRunner(QemuKernelRunner.scriptsIn(Main.home()), limit, progress);
        String patched = runner.registerPatch(base, patch);
        // Build the patched kernel first: a patch that does not apply or build fails before anything runs.
        runner.ensureDependencies();
        runner.build(patched);
        String baseKernel = base.equals(KernelJudge.KERNEL_VARIANT) ? KernelJudge.STOCK : base;
        List<org.wberr.scenario.Scenario> scenarios = new ArrayList<>();
        try (var files = Files.list(Main.home().resolve("specs/scenarios"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".scn")).sorted().toList()) {
                org.wberr.scenario.Scenario s = Subjects.scenarioParser().parse(f,
                        Main.home().relativize(f).toString());
                if (s.subject().equals(subject.name())) {
                    scenarios.add(s);
                }
            }
        } catch (IOException e) {
            throw WberrException.environment("cannot list specs/scenarios: " + e.getMessage(), e);
        }
        if (count > 0) {
            for (Generator.Generated g : generate(moves, base, count, seed, Shard.ALL, progress).scenarios()) {
                scenarios.add(Subjects.scenarioParser().parse(g.name(), g.text()));
            }
        }
        org.wberr.campaign.PatchReview.Report r = new org.wberr.campaign.PatchReview(
                kernel -> KernelJudge.on(kernel, runner, s -> Subjects.scenarios(s).kernel()),
                (source, text) -> Subjects.scenarioParser().parse(source, text), s -> Subjects.scenarios(s).model(),
                moves, subject.variants(), progress).review(base, patch.toString(), baseKernel, patched, scenarios);
        r.lines(10).forEach(stdout::println);
        stdout.flush();
        return r.agreeing().isEmpty() ? ExitCode.DIFFERS : ExitCode.OK;
    }

    /** {@code wberr kernel --merge FILE...}: the campaigns' shards merged per variant and printed. */
    static int merge(List<String> files, Path json, PrintWriter stdout) {
        if (files.isEmpty()) {
            throw WberrException.badInput("--merge", "give the campaign results to merge (the --json files of"
                    + " wberr kernel --generate)");
        }
        Map<String, List<CampaignResult>> byVariant = new LinkedHashMap<>();
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (String f : files) {
            Path p = KernelCommand.path(f);
            List<CampaignResult> rs;
            try {
                rs = JSON.readValue(p.toFile(), new TypeReference<List<CampaignResult>>() { });
            } catch (IOException e) {
                throw WberrException.badInput(f, "not the --json file of wberr kernel --generate: "
                        + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                        : e.getMessage()));
            }
            for (CampaignResult r : rs) {
                byVariant.computeIfAbsent(r.variant(), k -> new ArrayList<>()).add(r);
                names.computeIfAbsent(r.variant(), k -> new ArrayList<>()).add(f);
            }
        }
        List<CampaignResult> merged = new ArrayList<>();
        byVariant.forEach((v, rs) -> merged.add(CampaignResult.merge(rs, names.get(v))));
        merged.forEach(r -> r.summary().forEach(stdout::println));
        stdout.flush();
        return finish(merged, json);
    }
}
