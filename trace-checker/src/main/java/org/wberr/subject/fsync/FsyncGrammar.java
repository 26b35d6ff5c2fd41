package org.wberr.subject.fsync;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.wberr.core.WberrException;
import org.wberr.model.vfs.WritebackOutcome;
import org.wberr.scenario.Grammar;
import org.wberr.scenario.Step;
import org.wberr.scenario.Tokens;

/**
 * The steps of fsync scenarios (docs/design.md's core grammar, then this project's extensions):
 *
 * <pre>
 * open FD
 * close FD
 * write FD PAGE
 * writeback PAGE ok|EIO|ENOSPC
 * evict PAGE
 * evict-inode
 * fsync FD [=&gt; 0|EIO|ENOSPC]
 * stat [=&gt; 0|EIO|ENOSPC]            extension: the legacy consumer outside fsync (getattr, truncate)
 * sync                             extension: sync(2), writes back every dirty page, reports nothing
 * writeback-start PAGE             extension: writeback of a dirty page starts
 * writeback-end PAGE ok|EIO|ENOSPC extension: ... and ends
 * </pre>
 *
 * FD is a name made of letters; PAGE a page number from 0 to {@value #MAX_PAGE}. Besides the syntax, each file's
 * fds are checked: each is opened before use, not opened twice, and not used after close.
 */
public final class FsyncGrammar implements Grammar {
    /** The largest page number a scenario may name. */
    public static final int MAX_PAGE = 9999;

    private static final Pattern FD = Pattern.compile("[A-Za-z]+");
    private static final Pattern PAGE = Pattern.compile("0|[1-9][0-9]{0,3}");
    private static final String FD_EXPECTED = "an fd name (letters, e.g. A)";
    private static final String PAGE_EXPECTED = "a page number (0 to " + MAX_PAGE + ")";

    @Override
    public String subject() {
        return FsyncSubject.NAME;
    }

    @Override
    public List<String> steps() {
        return List.of("open", "close", "write", "writeback", "evict", "evict-inode", "fsync", "stat", "sync",
                "writeback-start", "writeback-end");
    }

    @Override
    public String returning() {
        return "fsync and stat";
    }

    @Override
    public Step step(String keyword, Tokens line) {
        int n = line.line();
        Step s;
        switch (keyword) {
            case "open":
                s = new FsyncStep.Open(n, fd(line));
                break;
            case "close":
                s = new FsyncStep.Close(n, fd(line));
                break;
            case "write": {
                String fd = fd(line);
                s = new FsyncStep.Write(n, fd, page(line));
                break;
            }
            case "writeback": {
                int page = page(line);
                s = new FsyncStep.Writeback(n, page, outcome(line));
                break;
            }
            case "writeback-start":
                s = new FsyncStep.WritebackStart(n, page(line));
                break;
            case "writeback-end": {
                int page = page(line);
                s = new FsyncStep.WritebackEnd(n, page, outcome(line));
                break;
            }
            case "evict":
                s = new FsyncStep.Evict(n, page(line));
                break;
            case "evict-inode":
                s = new FsyncStep.EvictInode(n);
                break;
            case "fsync": {
                String fd = fd(line);
                return new FsyncStep.Fsync(n, fd, line.end(true));
            }
            case "stat":
                return new FsyncStep.Stat(n, line.end(true));
            case "sync":
                s = new FsyncStep.Sync(n);
                break;
            default:
                throw new IllegalArgumentException("not an fsync step: " + keyword);
        }
        line.end(false);
        return s;
    }

    private static String fd(Tokens line) {
        return line.next("an fd name", FD, FD_EXPECTED);
    }

    private static int page(Tokens line) {
        return Integer.parseInt(line.next("a page number", PAGE, PAGE_EXPECTED));
    }

    private static WritebackOutcome outcome(Tokens line) {
        String expected = WritebackOutcome.validIds();
        String t = line.next("a writeback outcome", expected);
        try {
            return WritebackOutcome.fromId(t);
        } catch (IllegalArgumentException e) {
            line.back();
            throw line.unexpected(t, expected);
        }
    }

    /** Each fd is opened before use, not twice, and not used after close. */
    @Override
    public Consumer<Step> checker(String source) {
        FdCheck check = new FdCheck(source);
        return step -> ((FsyncStep) step).accept(check);
    }

    /** The fds of one file: where each was opened, or closed. */
    private static final class FdCheck extends FsyncStep.Partial<Void> {
        private final String source;
        private final Map<String, Integer> openedAt = new HashMap<>();
        private final Map<String, Integer> closedAt = new HashMap<>();

        FdCheck(String source) {
            this.source = source;
        }

        @Override
        protected Void otherwise(FsyncStep step) {
            return null;
        }

        @Override
        public Void open(FsyncStep.Open s) {
            Integer at = openedAt.get(s.fd());
            if (at != null) {
                throw fail(source, s, "fd " + s.fd() + " is already open (opened at line " + at
                        + "); close it first or use another name");
            }
            openedAt.put(s.fd(), s.line());
            closedAt.remove(s.fd());
            return null;
        }

        @Override
        public Void close(FsyncStep.Close s) {
            use(s, s.fd());
            openedAt.remove(s.fd());
            closedAt.put(s.fd(), s.line());
            return null;
        }

        @Override
        public Void write(FsyncStep.Write s) {
            return use(s, s.fd());
        }

        @Override
        public Void fsync(FsyncStep.Fsync s) {
            return use(s, s.fd());
        }

        private Void use(FsyncStep s, String fd) {
            if (!openedAt.containsKey(fd)) {
                Integer closed = closedAt.get(fd);
                throw fail(source, s, closed != null
                        ? "fd " + fd + " is used after it was closed at line " + closed
                        : "fd " + fd + " is used before it is opened: add 'open " + fd + "' before this line");
            }
            return null;
        }
    }

    private static WberrException fail(String source, Step step, String what) {
        return WberrException.badInput(source + ":" + step.line(), "'" + step.text() + "': " + what);
    }
}
