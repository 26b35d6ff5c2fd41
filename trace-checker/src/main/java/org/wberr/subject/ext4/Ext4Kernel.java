package org.wberr.subject.ext4;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.wberr.judge.kernel.KernelTranslation;
import org.wberr.kernel.KernelOutput;
import org.wberr.kernel.WberrLine;
import org.wberr.model.ext4.ErrorsMode;
import org.wberr.scenario.Scenario;
import org.wberr.scenario.Step;

/**
 * How ext4 scenarios run on the kernel oracle (trace-checker/src/main/kernel/README.md, "subject ext4"): each on
 * the kernel built for its variant (6.1 with the variant's patch), on a file system of its own with a journal
 * ({@code fs meta-journal}: the model has jbd2), the block {@code bitmap} being a block group's block bitmap and
 * update k the k-th block allocated in it. The shipped step text is the guest's, except:
 * <ul>
 * <li>{@code read-bitmap}: sent; the guest answers {@code internal} (no system call reads a bitmap without changing
 * it: the read happens inside the next {@code modify}, whose {@code bitmap_reads=} says whether it re-read the
 * disk), NOT-JUDGED, and the scenario goes on;</li>
 * <li>{@code check-bdev-error}, {@code error-err}: not sent, and nothing after them: the check and its
 * ext4_error_err run inside one system call, so the model's gap between them (a second writer in between) is a race
 * no sequence of system calls can schedule;</li>
 * <li>{@code meta-writeback-start}, {@code meta-writeback-end}: not sent, nor anything after them: the guest cannot
 * hold a metadata write in flight between steps.</li>
 * </ul>
 * An {@code expect} step is judged on the keys the guest can observe ({@code uptodate} and {@code write-error} are
 * buffer_head bits user space cannot read). After a panic (errors=panic) the guest reports nothing more; the
 * file system's error, its aborted journal and the bitmap's on-disk state are read from the disk after the boot.
 */
public final class Ext4Kernel implements KernelTranslation {

    @Override
    public Optional<String> notJudged(Scenario scenario, String variant) {
        return Optional.empty();
    }

    @Override
    public Translation translate(Scenario scenario, String variant) {
        boolean panics = Ext4Model.errors(scenario) == ErrorsMode.PANIC;
        return KernelTranslation.stepFile(scenario, step -> ((Ext4Step) step).accept(UNSENDABLE), Step::text,
                List.of("fs meta-journal"), variant, true, panics);
    }

    /** Why the guest cannot take a step, or empty if it can. */
    private static final Ext4Step.Visitor<Optional<String>> UNSENDABLE = new Ext4Step.Visitor<>() {
        private final Optional<String> no = Optional.empty();

        public Optional<String> readBitmap(Ext4Step.ReadBitmap s) {
            return no;
        }

        public Optional<String> modify(Ext4Step.Modify s) {
            return no;
        }

        public Optional<String> checkBdevError(Ext4Step.CheckBdevError s) {
            return gap();
        }

        public Optional<String> commit(Ext4Step.Commit s) {
            return no;
        }

        public Optional<String> metaWriteback(Ext4Step.MetaWriteback s) {
            return no;
        }

        public Optional<String> metaWritebackStart(Ext4Step.MetaWritebackStart s) {
            return inFlight();
        }

        public Optional<String> metaWritebackEnd(Ext4Step.MetaWritebackEnd s) {
            return inFlight();
        }

        public Optional<String> runWorkqueue(Ext4Step.RunWorkqueue s) {
            return no;
        }

        public Optional<String> errorErr(Ext4Step.ErrorErr s) {
            return gap();
        }

        public Optional<String> expect(Ext4Step.Expect s) {
            return no;
        }

        private Optional<String> gap() {
            return Optional.of("ext4_check_bdev_write_error and its ext4_error_err run inside one system call on the"
                    + " kernel: the gap between them needs a second writer that no sequence of system calls can"
                    + " schedule there");
        }

        private Optional<String> inFlight() {
            return Optional.of("the kernel guest cannot hold a metadata write in flight between steps");
        }
    };

    /**
     * After a panic: {@code halted=yes}; {@code error} (EXT4_ERROR_FS: dumpe2fs's state "with errors"),
     * {@code aborted} (the journal superblock's errno, set by jbd2_journal_abort) and a block's {@code disk} and
     * {@code lost}, from the disk after the boot.
     */
    @Override
    public Map<String, String> afterPanic(Step step, KernelOutput.ScenarioOutput output) {
        Map<String, String> known = new LinkedHashMap<>();
        Optional<WberrLine> disk = output.disk();
        if (((Ext4Step) step).block().isPresent()) {
            disk.ifPresent(d -> {
                d.get("disk").ifPresent(v -> known.put("disk", v));
                d.get("lost").ifPresent(v -> known.put("lost", v));
            });
            return known;
        }
        known.put("halted", "yes");
        disk.ifPresent(d -> {
            known.put("error", d.get("fs_state", "").contains("error") ? "yes" : "no");
            known.put("aborted", d.get("journal_errno", "none").equals("none") ? "no" : "yes");
        });
        return known;
    }
}
