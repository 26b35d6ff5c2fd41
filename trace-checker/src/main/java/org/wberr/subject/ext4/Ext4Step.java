package org.wberr.subject.ext4;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.wberr.model.ext4.WriteOutcome;
import org.wberr.scenario.Step;

/**
 * A step of an ext4 scenario ({@code subject ext4}): a story about metadata buffers under failed asynchronous
 * writeback. Steps are data; judges give them meaning through {@link Visitor}, one method per step.
 */
public sealed interface Ext4Step extends Step {

    <R> R accept(Visitor<R> visitor);

    /** The metadata block the step names, if any. */
    default Optional<String> block() {
        return Optional.empty();
    }

    /** What a judge does with each step. */
    interface Visitor<R> {
        R readBitmap(ReadBitmap step);

        R modify(Modify step);

        R checkBdevError(CheckBdevError step);

        R commit(Commit step);

        R metaWriteback(MetaWriteback step);

        R metaWritebackStart(MetaWritebackStart step);

        R metaWritebackEnd(MetaWritebackEnd step);

        R runWorkqueue(RunWorkqueue step);

        R errorErr(ErrorErr step);

        R expect(Expect step);
    }

    /** {@code read-bitmap BLOCK}: a bitmap reader needs BLOCK (re-read from disk if it is not uptodate). */
    record ReadBitmap(int line, String name) implements Ext4Step {
        public String text() {
            return "read-bitmap " + name;
        }

        public Optional<String> block() {
            return Optional.of(name);
        }

        public <R> R accept(Visitor<R> v) {
            return v.readBitmap(this);
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

        public <R> R accept(Visitor<R> v) {
            return v.modify(this);
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

        public <R> R accept(Visitor<R> v) {
            return v.checkBdevError(this);
        }
    }

    /** {@code commit}: the running jbd2 transaction commits. */
    record Commit(int line) implements Ext4Step {
        public String text() {
            return "commit";
        }

        public <R> R accept(Visitor<R> v) {
            return v.commit(this);
        }
    }

    /** {@code meta-writeback BLOCK ok|EIO}: block device writeback of BLOCK, start to end. */
    record MetaWriteback(int line, String name, WriteOutcome outcome) implements Ext4Step {
        public String text() {
            return "meta-writeback " + name + " " + outcome.id();
        }

        public Optional<String> block() {
            return Optional.of(name);
        }

        public <R> R accept(Visitor<R> v) {
            return v.metaWriteback(this);
        }
    }

    /** {@code meta-writeback-start BLOCK}: the write of BLOCK is submitted (the buffer stays locked). */
    record MetaWritebackStart(int line, String name) implements Ext4Step {
        public String text() {
            return "meta-writeback-start " + name;
        }

        public Optional<String> block() {
            return Optional.of(name);
        }

        public <R> R accept(Visitor<R> v) {
            return v.metaWritebackStart(this);
        }
    }

    /** {@code meta-writeback-end BLOCK ok|EIO}: the device completes the write (end_buffer_async_write). */
    record MetaWritebackEnd(int line, String name, WriteOutcome outcome) implements Ext4Step {
        public String text() {
            return "meta-writeback-end " + name + " " + outcome.id();
        }

        public Optional<String> block() {
            return Optional.of(name);
        }

        public <R> R accept(Visitor<R> v) {
            return v.metaWritebackEnd(this);
        }
    }

    /** {@code run-workqueue}: v2-workqueue: the queued work runs ext4_error_err. */
    record RunWorkqueue(int line) implements Ext4Step {
        public String text() {
            return "run-workqueue";
        }

        public <R> R accept(Visitor<R> v) {
            return v.runWorkqueue(this);
        }
    }

    /** {@code error-err}: v5.9+: the writer that advanced s_bdev_wb_err makes its ext4_error_err call. */
    record ErrorErr(int line) implements Ext4Step {
        public String text() {
            return "error-err";
        }

        public <R> R accept(Visitor<R> v) {
            return v.errorErr(this);
        }
    }

    /**
     * {@code expect BLOCK KEY=VALUE...} or {@code expect fs KEY=VALUE...}: states part of the state (see
     * {@link Ext4Grammar} for the keys). {@code subject} is a block name, or null for the file system.
     */
    record Expect(int line, String subject, Map<String, String> checks) implements Ext4Step {
        public Expect {
            checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
        }

        public String text() {
            return "expect " + (subject == null ? "fs" : subject) + " " + Step.observation(checks);
        }

        @Override
        public Map<String, String> expectedValues() {
            return checks;
        }

        public Optional<String> block() {
            return Optional.ofNullable(subject);
        }

        public <R> R accept(Visitor<R> v) {
            return v.expect(this);
        }
    }
}
