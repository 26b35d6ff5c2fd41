package org.wberr.subject.fsync;

import java.util.List;
import java.util.Optional;

import org.wberr.judge.kernel.KernelJudge;
import org.wberr.judge.kernel.KernelTranslation;
import org.wberr.scenario.Scenario;

/**
 * How fsync scenarios run on the kernel oracle: each on the kernel built for its variant (the unpatched 6.1,
 * {@code stock}, for {@value KernelJudge#KERNEL_VARIANT}; 6.1 with the variant's patch for v4.13, v8-posting and
 * legacy-flags: trace-checker/src/main/kernel/patches), each scenario turned from the model's grammar (.scn) into
 * the guest's step file (.steps). The two grammars share the core steps word for word; the differences are
 * explicit here:
 * <ul>
 * <li>{@code open}, {@code close}, {@code write}, {@code writeback PAGE ok|EIO|ENOSPC} (ENOSPC from a full dm-thin
 * pool), {@code evict},
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
 * <li>not sent, NOT-JUDGED: {@code writeback-start} / {@code writeback-end} (the guest cannot hold a page under
 * writeback between steps), and pages above {@value #MAX_PAGE} (the guest's limit).
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

    /** Every variant has a kernel of its own. */
    @Override
    public Optional<String> notJudged(Scenario scenario, String variant) {
        return Optional.empty();
    }

    /** On the kernel built for the variant: stock (unpatched 6.1) for v4.17, a patched 6.1 for the others. */
    @Override
    public Translation translate(Scenario scenario, String variant) {
        String kernel = KernelJudge.KERNEL_VARIANT.equals(variant) ? KernelJudge.STOCK : variant;
        return KernelTranslation.stepFile(scenario, step -> ((FsyncStep) step).accept(UNSENDABLE),
                step -> step instanceof FsyncStep.Stat ? STAT_STEP : step.text(), List.of(), kernel, false, false);
    }

    /** Why the guest cannot perform a step, or empty if it can. */
    private static final FsyncStep.Visitor<Optional<String>> UNSENDABLE = new FsyncStep.Partial<>() {
        @Override
        protected Optional<String> otherwise(FsyncStep step) {
            return Optional.empty();
        }

        @Override
        public Optional<String> writeback(FsyncStep.Writeback w) {
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
