package org.wberr.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import org.wberr.model.ext4.WriteOutcome;
import org.wberr.model.vfs.Errno;
import org.wberr.model.vfs.WritebackOutcome;

/**
 * One step of a scenario: what it does, the line it came from, and the result it is expected to return
 * ({@code => RESULT}), if any. Steps are data; judges give them meaning through {@link Visitor}, so a new
 * kind of step (ext4's {@code modify BLOCK}, say) is a new record here and a new visitor method that
 * every judge must then answer.
 */
public sealed interface Step {

    /** The 1-based line of the scenario file the step is on. */
    int line();

    /** The expected result, kernel style (0 or a negative errno), if the file states one. */
    OptionalInt expected();

    /** The step as written, in canonical form, without the expectation: {@code writeback 0 EIO}. */
    String text();

    /** Whether the step returns a result that {@code => RESULT} can state (fsync and stat do). */
    default boolean returnsValue() {
        return false;
    }

    /**
     * For an {@code expect} step: what it states, in canonical form ({@code memory={1,2} disk={1}}); the judge
     * answers with what it observes in the same form, and the two must be equal.
     */
    default Optional<String> expectedObservation() {
        return Optional.empty();
    }

    <R> R accept(Visitor<R> visitor);

    /** What a judge does with each kind of step. */
    interface Visitor<R> {
        R open(Open step);

        R close(Close step);

        R write(Write step);

        R writeback(Writeback step);

        R writebackStart(WritebackStart step);

        R writebackEnd(WritebackEnd step);

        R evict(Evict step);

        R evictInode(EvictInode step);

        R fsync(Fsync step);

        R stat(Stat step);

        R sync(Sync step);

        /** An ext4 step (subject ext4): judges of the fsync subject never see one (the parser keeps them apart). */
        default R ext4(Step step) {
            throw new IllegalStateException("'" + step.text() + "' is a step of subject ext4");
        }
    }

    /** A step of subject ext4 (the ext4 judge runs them; they carry no fsync meaning). */
    sealed interface Ext4Step extends Step {
        default <R> R accept(Visitor<R> v) {
            return v.ext4(this);
        }

        /** The metadata block the step names, if any. */
        default Optional<String> block() {
            return Optional.empty();
        }
    }

    /** The text of a result as scenarios write it: 0, EIO or ENOSPC. */
    static String result(int value) {
        return Errno.name(value);
    }

    /** The token of a writeback outcome as scenarios write it: ok, EIO or ENOSPC. */
    static String outcome(WritebackOutcome outcome) {
        return outcome.id();
    }

    /** {@code open FD}: open the file as fd FD. */
    record Open(int line, String fd) implements Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "open " + fd;
        }

        public <R> R accept(Visitor<R> v) {
            return v.open(this);
        }
    }

    /** {@code close FD}. */
    record Close(int line, String fd) implements Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "close " + fd;
        }

        public <R> R accept(Visitor<R> v) {
            return v.close(this);
        }
    }

    /** {@code write FD PAGE}: buffered write of PAGE through FD; dirties it. */
    record Write(int line, String fd, int page) implements Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "write " + fd + " " + page;
        }

        public <R> R accept(Visitor<R> v) {
            return v.write(this);
        }
    }

    /** {@code writeback PAGE ok|EIO|ENOSPC}: background writeback of a dirty page, start to end. */
    record Writeback(int line, int page, WritebackOutcome outcome) implements Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "writeback " + page + " " + Step.outcome(outcome);
        }

        public <R> R accept(Visitor<R> v) {
            return v.writeback(this);
        }
    }

    /** {@code writeback-start PAGE} (extension): writeback of a dirty page starts; it is under writeback. */
    record WritebackStart(int line, int page) implements Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "writeback-start " + page;
        }

        public <R> R accept(Visitor<R> v) {
            return v.writebackStart(this);
        }
    }

    /** {@code writeback-end PAGE ok|EIO|ENOSPC} (extension): the device finishes a page under writeback. */
    record WritebackEnd(int line, int page, WritebackOutcome outcome) implements Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "writeback-end " + page + " " + Step.outcome(outcome);
        }

        public <R> R accept(Visitor<R> v) {
            return v.writebackEnd(this);
        }
    }

    /** {@code evict PAGE}: drop a clean page from the page cache. */
    record Evict(int line, int page) implements Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "evict " + page;
        }

        public <R> R accept(Visitor<R> v) {
            return v.evict(this);
        }
    }

    /** {@code evict-inode}: drop the in-memory inode (no fd open, no dirty page). */
    record EvictInode(int line) implements Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "evict-inode";
        }

        public <R> R accept(Visitor<R> v) {
            return v.evictInode(this);
        }
    }

    /** {@code fsync FD [=> RESULT]}. */
    record Fsync(int line, String fd, OptionalInt expected) implements Step {
        public String text() {
            return "fsync " + fd;
        }

        @Override
        public boolean returnsValue() {
            return true;
        }

        public <R> R accept(Visitor<R> v) {
            return v.fsync(this);
        }
    }

    /** {@code stat [=> RESULT]} (extension): the non-fsync legacy consumer (getattr, truncate). */
    record Stat(int line, OptionalInt expected) implements Step {
        public String text() {
            return "stat";
        }

        @Override
        public boolean returnsValue() {
            return true;
        }

        public <R> R accept(Visitor<R> v) {
            return v.stat(this);
        }
    }

    /** {@code sync} (extension): sync(2); writes back every dirty page, reports nothing. */
    record Sync(int line) implements Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "sync";
        }

        public <R> R accept(Visitor<R> v) {
            return v.sync(this);
        }
    }

    // ---- Subject ext4 ----

    /** {@code read-bitmap BLOCK}: a bitmap reader needs BLOCK (re-read from disk if it is not uptodate). */
    record ReadBitmap(int line, String name) implements Ext4Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "read-bitmap " + name;
        }

        public Optional<String> block() {
            return Optional.of(name);
        }
    }

    /** {@code modify BLOCK [=> 0|EROFS]}: ext4 modifies BLOCK in a handle (v5.9+: with its check). */
    record Modify(int line, String name, OptionalInt expected) implements Ext4Step {
        public String text() {
            return "modify " + name;
        }

        @Override
        public boolean returnsValue() {
            return true;
        }

        public Optional<String> block() {
            return Optional.of(name);
        }
    }

    /** {@code check-bdev-error [=> 0|EIO]}: v5.9+: a writer's check alone; its ext4_error_err is left due. */
    record CheckBdevError(int line, OptionalInt expected) implements Ext4Step {
        public String text() {
            return "check-bdev-error";
        }

        @Override
        public boolean returnsValue() {
            return true;
        }
    }

    /** {@code commit}: the running jbd2 transaction commits. */
    record Commit(int line) implements Ext4Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "commit";
        }
    }

    /** {@code meta-writeback BLOCK ok|EIO}: block device writeback of BLOCK, start to end. */
    record MetaWriteback(int line, String name, WriteOutcome outcome) implements Ext4Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "meta-writeback " + name + " " + outcome.id();
        }

        public Optional<String> block() {
            return Optional.of(name);
        }
    }

    /** {@code meta-writeback-start BLOCK}: the write of BLOCK is submitted (the buffer stays locked). */
    record MetaWritebackStart(int line, String name) implements Ext4Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "meta-writeback-start " + name;
        }

        public Optional<String> block() {
            return Optional.of(name);
        }
    }

    /** {@code meta-writeback-end BLOCK ok|EIO}: the device completes the write (end_buffer_async_write). */
    record MetaWritebackEnd(int line, String name, WriteOutcome outcome) implements Ext4Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "meta-writeback-end " + name + " " + outcome.id();
        }

        public Optional<String> block() {
            return Optional.of(name);
        }
    }

    /** {@code run-workqueue}: v2-workqueue: the queued work runs ext4_error_err. */
    record RunWorkqueue(int line) implements Ext4Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "run-workqueue";
        }
    }

    /** {@code error-err}: v5.9+: the writer that advanced s_bdev_wb_err makes its ext4_error_err call. */
    record ErrorErr(int line) implements Ext4Step {
        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "error-err";
        }
    }

    /**
     * {@code expect BLOCK KEY=VALUE...} or {@code expect fs KEY=VALUE...}: states part of the state (see
     * {@link ScenarioParser} for the keys). {@code subject} is a block name, or null for the file system.
     */
    record Expect(int line, String subject, Map<String, String> checks) implements Ext4Step {
        public Expect {
            checks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks));
        }

        public OptionalInt expected() {
            return OptionalInt.empty();
        }

        public String text() {
            return "expect " + (subject == null ? "fs" : subject) + " " + observation(checks);
        }

        public Optional<String> expectedObservation() {
            return Optional.of(observation(checks));
        }

        public Optional<String> block() {
            return Optional.ofNullable(subject);
        }

        /** KEY=VALUE pairs in order, blank-separated: the canonical form of an observation. */
        public static String observation(Map<String, String> values) {
            return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
        }
    }
}
