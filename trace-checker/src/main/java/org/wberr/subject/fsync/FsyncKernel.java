package org.wberr.subject.fsync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.wberr.judge.kernel.KernelJudge;
import org.wberr.judge.kernel.KernelTranslation;
import org.wberr.model.vfs.WritebackOutcome;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;

/**
 * How fsync scenarios run on the kernel oracle: only under the kernel's own variant (6.1 is {@value
 * KernelJudge#KERNEL_VARIANT}), and each scenario turned from the model's grammar (.scn) into the guest's step file (.steps, the kernel oracle's
 * grammar). The two grammars share the core steps word for word; the differences are explicit here:
 * <ul>
 * <li>{@code open}, {@code close}, {@code write}, {@code writeback PAGE ok|EIO}, {@code evict},
 * {@code evict-inode}, {@code fsync}, {@code sync}: sent as they are (with their {@code => RESULT}, which the
 * guest only echoes);</li>
 * <li>{@code stat}: sent as the guest's {@code fiemap-sync} ({@value #STAT_STEP}), and judged. The model's
 * {@code stat} is the legacy non-fsync consumer: a caller of filemap_write_and_wait, which flushes the mapping,
 * waits, then filemap_check_errors test-and-clears AS_ENOSPC and AS_EIO and returns the error (EIO wins); no
 * errseq_t is read or advanced (getattr on file systems that flush, truncate). ext4's stat(2) is not that step:
 * ext4_getattr neither flushes nor checks anything, so it always returns 0. ext4's twin is
 * {@code ioctl(FS_IOC_FIEMAP)} with {@code FIEMAP_FLAG_SYNC}: ioctl_fiemap -> ext4_fiemap -> iomap_fiemap ->
 * fiemap_prep, which (on 6.1; older ioctl_fiemap ignored the result) does {@code if (fieinfo->fi_flags & FIEMAP_FLAG_SYNC) ret =
 * filemap_write_and_wait(inode->i_mapping);} and returns it before any extent is mapped, so the ioctl fails
 * with the flags' error, once. Like the model's {@code stat} it needs no fd (the guest opens a temporary one on
 * the path and closes it: open only samples wb_err, ext4 has no ->flush) and acts on the inode's mapping, not
 * on any fd's cursor;</li>
 * <li>not sent, NOT-JUDGED: {@code writeback PAGE ENOSPC} (the block layer cannot inject ENOSPC),
 * {@code writeback-start} / {@code writeback-end} (the guest cannot hold a page under writeback between
 * steps), and pages above {@value #MAX_PAGE} (the guest's limit).
 * Every later step is not sent either: the kernel's state would no longer follow the scenario.</li>
 * </ul>
 * The step file keeps the scenario's line numbers (other lines blank), so the guest's {@code line=} is the
 * scenario's line.
 */
public final class FsyncKernel implements KernelTranslation {
    /** The highest page the guest accepts. */
    public static final int MAX_PAGE = 63;

    /**
     * The guest's step for the scenario's {@code stat}: FS_IOC_FIEMAP with FIEMAP_FLAG_SYNC on a temporary fd,
     * ext4's caller of filemap_write_and_wait (stat(2) on ext4 checks no error).
     */
    public static final String STAT_STEP = "fiemap-sync";

    @Override
    public Optional<String> notJudged(Scenario scenario, String variant) {
        if (!KernelJudge.KERNEL_VARIANT.equals(variant)) {
            return Optional.of("the kernel is " + KernelJudge.KERNEL_VARIANT + " (6.1); this scenario is judged under "
                    + variant);
        }
        return Optional.empty();
    }

    @Override
    public Translation translate(Scenario scenario) {
        List<Step> steps = scenario.steps();
        int lastLine = Math.max(scenario.variantLine(), steps.get(steps.size() - 1).line());
        String[] lines = new String[lastLine];
        Arrays.fill(lines, "");
        if (scenario.variant().isPresent() && scenario.variantLine() > 0) {
            lines[scenario.variantLine() - 1] = "variant " + scenario.variant().get();
        }
        List<Optional<String>> notSent = new ArrayList<>();
        String stopped = null;
        int sent = 0;
        for (Step step : steps) {
            if (stopped != null) {
                notSent.add(Optional.of(stopped));
                continue;
            }
            Optional<String> why = ((FsyncStep) step).accept(UNSENDABLE);
            if (why.isPresent()) {
                notSent.add(why);
                stopped = "not run on the kernel: line " + step.line() + " (" + step.text()
                        + ") could not run there, and the later steps depend on it";
                continue;
            }
            String text = step instanceof FsyncStep.Stat ? STAT_STEP : step.text();
            if (step.expected().isPresent()) {
                text += " => " + Step.result(step.expected().getAsInt());
            }
            lines[step.line() - 1] = text;
            notSent.add(Optional.empty());
            sent++;
        }
        return new Translation(String.join("\n", lines) + "\n", notSent, sent);
    }

    /** Why the guest cannot perform a step, or empty if it can. */
    private static final FsyncStep.Visitor<Optional<String>> UNSENDABLE = new FsyncStep.Partial<>() {
        @Override
        protected Optional<String> otherwise(FsyncStep step) {
            return Optional.empty();
        }

        @Override
        public Optional<String> writeback(FsyncStep.Writeback w) {
            if (w.outcome() == WritebackOutcome.ENOSPC) {
                return Optional.of("ENOSPC cannot be injected on the kernel (dm's error target fails bios with"
                        + " BLK_STS_IOERR, recorded as EIO)");
            }
            return page(w.page());
        }

        @Override
        public Optional<String> write(FsyncStep.Write w) {
            return page(w.page());
        }

        @Override
        public Optional<String> evict(FsyncStep.Evict e) {
            return page(e.page());
        }

        @Override
        public Optional<String> writebackStart(FsyncStep.WritebackStart s) {
            return holding();
        }

        @Override
        public Optional<String> writebackEnd(FsyncStep.WritebackEnd s) {
            return holding();
        }

        private Optional<String> holding() {
            return Optional.of("the kernel guest cannot hold a page under writeback between steps"
                    + " (writeback-start/writeback-end)");
        }

        private Optional<String> page(int p) {
            return p > MAX_PAGE ? Optional.of("page " + p + " is above the guest's limit (" + MAX_PAGE + ")")
                    : Optional.empty();
        }
    };
}
