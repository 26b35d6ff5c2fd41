package org.wberr.scenario;

import java.util.OptionalInt;

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
    }

    /** The text of a result as scenarios write it: 0, EIO or ENOSPC. */
    static String result(int value) {
        return Errno.name(value);
    }

    /** The token of a writeback outcome as scenarios write it: ok, EIO or ENOSPC. */
    static String outcome(WritebackOutcome outcome) {
        return outcome == WritebackOutcome.OK ? "ok" : outcome.name();
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
}
