package org.wberr.scenario;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import org.wberr.cli.WberrException;
import org.wberr.model.vfs.Errno;
import org.wberr.model.vfs.WritebackOutcome;

/**
 * Reads a scenario file (DESIGN.md, "Scenarios"). One step per line; {@code #} starts a comment; blank
 * lines are ignored; tokens are separated by blanks ({@code =>} also stands alone when glued to its
 * neighbours). The grammar, core steps first, then this project's extensions:
 *
 * <pre>
 * variant ID                       (at most once, before the first step)
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
 * FD is a name made of letters; PAGE a page number from 0 to {@value #MAX_PAGE}. Besides the syntax, the
 * parser checks the fds: each is opened before use, not opened twice, and not used after close. Every
 * error is a {@link WberrException#badInput} naming {@code file:line}, the offending token, the words
 * before it, and what was expected.
 */
public final class ScenarioParser {
    /** The largest page number a scenario may name. */
    public static final int MAX_PAGE = 9999;

    private static final Pattern FD = Pattern.compile("[A-Za-z]+");
    private static final Pattern PAGE = Pattern.compile("0|[1-9][0-9]*");
    private static final List<String> KEYWORDS = List.of("variant", "open", "close", "write", "writeback",
            "evict", "evict-inode", "fsync", "stat", "sync", "writeback-start", "writeback-end");

    private ScenarioParser() {
    }

    /** Parses a file; {@code source} is how messages name it (the path as the user gave it). */
    public static Scenario parse(Path file, String source) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw WberrException.badInput(source, "no such file");
        } catch (MalformedInputException e) {
            throw WberrException.badInput(source, "not a text file (not valid UTF-8)");
        } catch (IOException e) {
            throw WberrException.badInput(source, "cannot read it: " + e.getMessage());
        }
        return parse(source, text);
    }

    /** Parses scenario text; {@code source} names it in messages. */
    public static Scenario parse(String source, String text) {
        List<Step> steps = new ArrayList<>();
        String variant = null;
        int variantLine = 0;
        FdTracker fds = new FdTracker(source);
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            Line line = Line.of(source, lineNo, lines[i]);
            if (line == null) {
                continue;
            }
            String keyword = line.next("a step", "one of " + String.join(", ", KEYWORDS));
            if (keyword.equals("variant")) {
                if (variant != null) {
                    throw line.error("a second 'variant' line (the first is line " + variantLine + ")");
                }
                if (!steps.isEmpty()) {
                    throw line.error("'variant' must come before the first step (line " + steps.get(0).line()
                            + ")");
                }
                variant = line.next("a variant id", "a variant id such as v4.17");
                variantLine = lineNo;
                line.end(false);
                continue;
            }
            Step step = parseStep(keyword, line, lineNo);
            fds.check(step);
            steps.add(step);
        }
        if (steps.isEmpty()) {
            throw WberrException.badInput(source, "no steps: a scenario needs at least one step");
        }
        return new Scenario(source, Optional.ofNullable(variant), variantLine, steps);
    }

    private static Step parseStep(String keyword, Line line, int n) {
        switch (keyword) {
            case "open": {
                Step s = new Step.Open(n, line.fd());
                line.end(false);
                return s;
            }
            case "close": {
                Step s = new Step.Close(n, line.fd());
                line.end(false);
                return s;
            }
            case "write": {
                Step s = new Step.Write(n, line.fd(), line.page());
                line.end(false);
                return s;
            }
            case "writeback": {
                Step s = new Step.Writeback(n, line.page(), line.outcome());
                line.end(false);
                return s;
            }
            case "writeback-start": {
                Step s = new Step.WritebackStart(n, line.page());
                line.end(false);
                return s;
            }
            case "writeback-end": {
                Step s = new Step.WritebackEnd(n, line.page(), line.outcome());
                line.end(false);
                return s;
            }
            case "evict": {
                Step s = new Step.Evict(n, line.page());
                line.end(false);
                return s;
            }
            case "evict-inode":
                line.end(false);
                return new Step.EvictInode(n);
            case "fsync": {
                String fd = line.fd();
                return new Step.Fsync(n, fd, line.end(true));
            }
            case "stat":
                return new Step.Stat(n, line.end(true));
            case "sync":
                line.end(false);
                return new Step.Sync(n);
            default:
                throw line.unknownStep(keyword);
        }
    }

    /** The tokens of one line and how far they have been read. */
    private static final class Line {
        private final String source;
        private final int number;
        private final List<String> tokens;
        private int pos;

        private Line(String source, int number, List<String> tokens) {
            this.source = source;
            this.number = number;
            this.tokens = tokens;
        }

        /** The line's tokens, or null for a blank or comment-only line. */
        static Line of(String source, int number, String raw) {
            int hash = raw.indexOf('#');
            String code = (hash >= 0 ? raw.substring(0, hash) : raw).replace("=>", " => ").strip();
            if (code.isEmpty()) {
                return null;
            }
            return new Line(source, number, Arrays.asList(code.split("\\s+")));
        }

        /** The words read so far, for "after '...'". */
        private String before() {
            return String.join(" ", tokens.subList(0, pos));
        }

        WberrException error(String what) {
            return WberrException.badInput(source + ":" + number, what);
        }

        WberrException unexpected(String token, String expected) {
            return error("unexpected token '" + token + "' after '" + before() + "': expected " + expected);
        }

        WberrException unknownStep(String keyword) {
            return error("unknown step '" + keyword + "': expected one of " + String.join(", ", KEYWORDS));
        }

        /** The next token; at the end of the line, an error saying what was expected. */
        String next(String what, String expected) {
            if (pos >= tokens.size()) {
                if (pos == 0) {
                    throw error("missing " + what + ": expected " + expected);
                }
                throw error("missing " + what + " after '" + before() + "': expected " + expected);
            }
            return tokens.get(pos++);
        }

        String fd() {
            String t = next("an fd name", "an fd name (letters, e.g. A)");
            if (!FD.matcher(t).matches()) {
                pos--;
                throw unexpected(t, "an fd name (letters, e.g. A)");
            }
            return t;
        }

        int page() {
            String expected = "a page number (0 to " + MAX_PAGE + ")";
            String t = next("a page number", expected);
            if (!PAGE.matcher(t).matches() || t.length() > 4) {
                pos--;
                throw unexpected(t, expected);
            }
            return Integer.parseInt(t);
        }

        WritebackOutcome outcome() {
            String expected = "ok, EIO or ENOSPC";
            String t = next("a writeback outcome", expected);
            switch (t) {
                case "ok":
                    return WritebackOutcome.OK;
                case "EIO":
                    return WritebackOutcome.EIO;
                case "ENOSPC":
                    return WritebackOutcome.ENOSPC;
                default:
                    pos--;
                    throw unexpected(t, expected);
            }
        }

        /**
         * The end of the line, after an optional {@code => RESULT} if {@code returnsValue}; the expected
         * result, if given.
         */
        OptionalInt end(boolean returnsValue) {
            if (pos >= tokens.size()) {
                return OptionalInt.empty();
            }
            String t = tokens.get(pos);
            if (!t.equals("=>")) {
                throw unexpected(t, returnsValue ? "'=> RESULT' or the end of the line" : "the end of the line");
            }
            if (!returnsValue) {
                throw unexpected(t, "the end of the line: '" + tokens.get(0)
                        + "' returns nothing, so it takes no '=> RESULT' (only fsync and stat do)");
            }
            pos++;
            String expected = "0, EIO or ENOSPC";
            String r = next("a result", expected);
            int value;
            switch (r) {
                case "0":
                    value = 0;
                    break;
                case "EIO":
                    value = -Errno.EIO;
                    break;
                case "ENOSPC":
                    value = -Errno.ENOSPC;
                    break;
                default:
                    pos--;
                    throw unexpected(r, expected);
            }
            if (pos < tokens.size()) {
                throw unexpected(tokens.get(pos), "the end of the line");
            }
            return OptionalInt.of(value);
        }
    }

    /** Checks that each fd is opened before use, not twice, and not used after close. */
    private static final class FdTracker {
        private final String source;
        private final Map<String, Integer> openedAt = new HashMap<>();
        private final Map<String, Integer> closedAt = new HashMap<>();

        FdTracker(String source) {
            this.source = source;
        }

        void check(Step step) {
            if (step instanceof Step.Open o) {
                Integer at = openedAt.get(o.fd());
                if (at != null) {
                    throw fail(step, "fd " + o.fd() + " is already open (opened at line " + at
                            + "); close it first or use another name");
                }
                openedAt.put(o.fd(), step.line());
                closedAt.remove(o.fd());
                return;
            }
            String fd = step instanceof Step.Close c ? c.fd()
                    : step instanceof Step.Write w ? w.fd()
                    : step instanceof Step.Fsync f ? f.fd()
                    : null;
            if (fd == null) {
                return;
            }
            if (!openedAt.containsKey(fd)) {
                Integer closed = closedAt.get(fd);
                throw fail(step, closed != null
                        ? "fd " + fd + " is used after it was closed at line " + closed
                        : "fd " + fd + " is used before it is opened: add 'open " + fd + "' before this line");
            }
            if (step instanceof Step.Close) {
                openedAt.remove(fd);
                closedAt.put(fd, step.line());
            }
        }

        private WberrException fail(Step step, String what) {
            return WberrException.badInput(source + ":" + step.line(), "'" + step.text() + "': " + what);
        }
    }
}
