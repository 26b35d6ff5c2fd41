package org.wberr.subject.fsync;

import java.util.OptionalInt;

import org.wberr.model.vfs.WritebackOutcome;
import org.wberr.scenario.Step;

/**
 * A step of an fsync scenario. Steps are data; judges give them meaning through {@link Visitor}, one method per
 * step, so that a new step is a new record here and a method every judge of the subject must then answer.
 */
public sealed interface FsyncStep extends Step {

    <R> R accept(Visitor<R> visitor);

    /** What a judge (or any other reader of the steps) does with each step. */
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

    /** A visitor that answers every step with {@link #otherwise}, for readers that care about a few steps. */
    abstract class Partial<R> implements Visitor<R> {
        /** The answer for the steps this visitor does not override. */
        protected abstract R otherwise(FsyncStep step);

        public R open(Open s) {
            return otherwise(s);
        }

        public R close(Close s) {
            return otherwise(s);
        }

        public R write(Write s) {
            return otherwise(s);
        }

        public R writeback(Writeback s) {
            return otherwise(s);
        }

        public R writebackStart(WritebackStart s) {
            return otherwise(s);
        }

        public R writebackEnd(WritebackEnd s) {
            return otherwise(s);
        }

        public R evict(Evict s) {
            return otherwise(s);
        }

        public R evictInode(EvictInode s) {
            return otherwise(s);
        }

        public R fsync(Fsync s) {
            return otherwise(s);
        }

        public R stat(Stat s) {
            return otherwise(s);
        }

        public R sync(Sync s) {
            return otherwise(s);
        }
    }

    /** {@code open FD}: open the file as fd FD. */
    record Open(int line, String fd) implements FsyncStep {
        public String text() {
            return "open " + fd;
        }

        public <R> R accept(Visitor<R> v) {
            return v.open(this);
        }
    }

    /** {@code close FD}. */
    record Close(int line, String fd) implements FsyncStep {
        public String text() {
            return "close " + fd;
        }

        public <R> R accept(Visitor<R> v) {
            return v.close(this);
        }
    }

    /** {@code write FD PAGE}: buffered write of PAGE through FD; dirties it. */
    record Write(int line, String fd, int page) implements FsyncStep {
        public String text() {
            return "write " + fd + " " + page;
        }

        public <R> R accept(Visitor<R> v) {
            return v.write(this);
        }
    }

    /** {@code writeback PAGE ok|EIO|ENOSPC}: background writeback of a dirty page, start to end. */
    record Writeback(int line, int page, WritebackOutcome outcome) implements FsyncStep {
        public String text() {
            return "writeback " + page + " " + outcome.id();
        }

        public <R> R accept(Visitor<R> v) {
            return v.writeback(this);
        }
    }

    /** {@code writeback-start PAGE} (extension): writeback of a dirty page starts; it is under writeback. */
    record WritebackStart(int line, int page) implements FsyncStep {
        public String text() {
            return "writeback-start " + page;
        }

        public <R> R accept(Visitor<R> v) {
            return v.writebackStart(this);
        }
    }

    /** {@code writeback-end PAGE ok|EIO|ENOSPC} (extension): the device finishes a page under writeback. */
    record WritebackEnd(int line, int page, WritebackOutcome outcome) implements FsyncStep {
        public String text() {
            return "writeback-end " + page + " " + outcome.id();
        }

        public <R> R accept(Visitor<R> v) {
            return v.writebackEnd(this);
        }
    }

    /** {@code evict PAGE}: drop a clean page from the page cache. */
    record Evict(int line, int page) implements FsyncStep {
        public String text() {
            return "evict " + page;
        }

        public <R> R accept(Visitor<R> v) {
            return v.evict(this);
        }
    }

    /** {@code evict-inode}: drop the in-memory inode (no fd open, no dirty page). */
    record EvictInode(int line) implements FsyncStep {
        public String text() {
            return "evict-inode";
        }

        public <R> R accept(Visitor<R> v) {
            return v.evictInode(this);
        }
    }

    /** {@code fsync FD [=> RESULT]}. */
    record Fsync(int line, String fd, OptionalInt expected) implements FsyncStep {
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
    record Stat(int line, OptionalInt expected) implements FsyncStep {
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
    record Sync(int line) implements FsyncStep {
        public String text() {
            return "sync";
        }

        public <R> R accept(Visitor<R> v) {
            return v.sync(this);
        }
    }
}
