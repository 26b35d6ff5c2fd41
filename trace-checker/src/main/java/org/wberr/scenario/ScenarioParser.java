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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import org.wberr.core.WberrException;
import org.wberr.model.ext4.WriteOutcome;
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
 * parser checks the fds: each is opened before use, not opened twice, and not used after close.
 *
 * <h2>Subject ext4</h2>
 * A file whose first line (comments and blank lines aside) is {@code subject ext4} tells a story about
 * ext4 metadata buffers under failed asynchronous writeback (specs/Ext4MetaWriteback.tla; the Java model
 * org.wberr.model.ext4.Ext4). Without that line the subject is {@code fsync} and the grammar above applies
 * unchanged; the steps of one subject are errors in the other.
 *
 * <pre>
 * subject ext4                     first line: the subject (fsync is the default)
 * variant ID                       no-check, v2-workqueue, v5.9-errseq or v5.10-keep-uptodate
 * errors continue|remount-ro|panic the errors= mount option (default continue, ext4's default)
 * read-bitmap BLOCK                a bitmap reader needs BLOCK: re-read from disk if it is not uptodate
 *                                  (v5.10-keep-uptodate keeps the data of a buffer with BH_Write_EIO)
 * modify BLOCK [=&gt; 0|EROFS]        ext4 modifies BLOCK in a handle (v5.9+: with the writer's check and,
 *                                  if it finds a failed write, its ext4_error_err); update k of a block
 *                                  is its k-th modification
 * check-bdev-error [=&gt; 0|EIO]      v5.9+: a writer's check alone; its ext4_error_err is left due
 * error-err                        v5.9+: that due ext4_error_err runs
 * run-workqueue                    v2-workqueue: the queued work runs ext4_error_err
 * commit                           the running jbd2 transaction commits
 * meta-writeback BLOCK ok|EIO      block device writeback of BLOCK, start to end
 * meta-writeback-start BLOCK       ... its start (the buffer is locked, the write in flight)
 * meta-writeback-end BLOCK ok|EIO  ... its end (end_buffer_async_write)
 * expect BLOCK KEY=VALUE...        states BLOCK's state; keys: memory=SET (b_data), disk=SET (on disk),
 *                                  lost=SET (the updates the disk skips: every k below the newest update
 *                                  on disk that it lacks), uptodate=yes|no, dirty=yes|no (committed,
 *                                  waiting for writeback), write-error=yes|no (BH_Write_EIO)
 * expect fs KEY=VALUE...           states the file system's state; keys: error=yes|no (EXT4_ERROR_FS
 *                                  recorded), aborted=yes|no (journal), rdonly=yes|no, halted=yes|no
 *                                  (panicked)
 * </pre>
 *
 * BLOCK is a name (a letter, then letters, digits, {@code -} or {@code _}; not {@code fs}); the file
 * system has the blocks the scenario names ({@code bitmap} if it names none). SET is {@code {}} or update
 * ids in braces, {@code {1,2}} (blanks inside the braces are allowed). Each key at most once per line. An
 * {@code expect} step changes nothing; it passes if every key has the stated value, and a difference is
 * reported like a wrong {@code => RESULT}. A {@code modify} during which the machine panics returns
 * nothing (state it with {@code expect fs halted=yes}); every step after a panic is impossible.
 *
 * <p>Every error is a {@link WberrException#badInput} naming {@code file:line}, the offending token, the
 * words before it, and what was expected.
 */
public final class ScenarioParser {
    /** The largest page number a scenario may name. */
    public static final int MAX_PAGE = 9999;

    private static final Pattern FD = Pattern.compile("[A-Za-z]+");
    private static final Pattern PAGE = Pattern.compile("0|[1-9][0-9]*");
    private static final Pattern BLOCK = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Pattern SET = Pattern.compile("\\{(|(0|[1-9][0-9]{0,3})(,(0|[1-9][0-9]{0,3}))*)\\}");
    private static final Pattern BRACES = Pattern.compile("\\{[^}]*\\}");
    private static final List<String> KEYWORDS = List.of("variant", "open", "close", "write", "writeback",
            "evict", "evict-inode", "fsync", "stat", "sync", "writeback-start", "writeback-end");
    private static final List<String> EXT4_KEYWORDS = List.of("variant", "errors", "read-bitmap", "modify",
            "check-bdev-error", "error-err", "run-workqueue", "commit", "meta-writeback", "meta-writeback-start",
            "meta-writeback-end", "expect");
    private static final List<String> SUBJECTS = List.of(Scenario.FSYNC, Scenario.EXT4);
    private static final List<String> ERRORS_MODES = List.of("continue", "remount-ro", "panic");
    /** The keys of {@code expect BLOCK}, and whether each takes a SET (else yes|no). */
    private static final Map<String, Boolean> BLOCK_KEYS = orderedKeys("memory", true, "disk", true, "lost", true,
            "uptodate", false, "dirty", false, "write-error", false);
    private static final Map<String, Boolean> FS_KEYS = orderedKeys("error", false, "aborted", false, "rdonly", false,
            "halted", false);

    private static Map<String, Boolean> orderedKeys(Object... pairs) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Boolean) pairs[i + 1]);
        }
        return m;
    }

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
        String subject = null;
        String errors = null;
        int errorsLine = 0;
        boolean first = true;
        FdTracker fds = new FdTracker(source);
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            Line line = Line.of(source, lineNo, lines[i]);
            if (line == null) {
                continue;
            }
            boolean wasFirst = first;
            first = false;
            List<String> keywords = Scenario.EXT4.equals(subject) ? EXT4_KEYWORDS : KEYWORDS;
            String keyword = line.next("a step", "one of " + String.join(", ", keywords));
            if (keyword.equals("subject")) {
                if (!wasFirst) {
                    throw line.error("'subject' must be the first line of the file (comments aside)");
                }
                String id = line.next("a subject", "one of " + String.join(", ", SUBJECTS));
                if (!SUBJECTS.contains(id)) {
                    line.back();
                    throw line.unexpected(id, "one of " + String.join(", ", SUBJECTS));
                }
                subject = id;
                line.end(false);
                continue;
            }
            if (keyword.equals("errors") && Scenario.EXT4.equals(subject)) {
                if (errors != null) {
                    throw line.error("a second 'errors' line (the first is line " + errorsLine + ")");
                }
                if (!steps.isEmpty()) {
                    throw line.error("'errors' must come before the first step (line " + steps.get(0).line() + ")");
                }
                String mode = line.next("an errors= mode", String.join(", ", ERRORS_MODES));
                if (!ERRORS_MODES.contains(mode)) {
                    line.back();
                    throw line.unexpected(mode, "an errors= mode: " + String.join(", ", ERRORS_MODES));
                }
                errors = mode;
                errorsLine = lineNo;
                line.end(false);
                continue;
            }
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
            Step step;
            if (Scenario.EXT4.equals(subject)) {
                line.returning = "modify and check-bdev-error";
                step = parseExt4Step(keyword, line, lineNo);
            } else {
                if (EXT4_KEYWORDS.contains(keyword) && !KEYWORDS.contains(keyword)) {
                    throw line.error("'" + keyword + "' is a step of subject ext4, but this scenario's subject is"
                            + " fsync: make 'subject ext4' its first line");
                }
                step = parseStep(keyword, line, lineNo);
            }
            fds.check(step);
            steps.add(step);
        }
        if (steps.isEmpty()) {
            throw WberrException.badInput(source, "no steps: a scenario needs at least one step");
        }
        return new Scenario(source, Optional.ofNullable(variant), variantLine, steps,
                subject == null ? Scenario.FSYNC : subject, Optional.ofNullable(errors), text);
    }

    private static Step parseExt4Step(String keyword, Line line, int n) {
        switch (keyword) {
            case "read-bitmap": {
                Step s = new Step.ReadBitmap(n, line.block());
                line.end(false);
                return s;
            }
            case "modify": {
                String block = line.block();
                return new Step.Modify(n, block, line.end(true, "0", "EROFS"));
            }
            case "check-bdev-error":
                return new Step.CheckBdevError(n, line.end(true, "0", "EIO"));
            case "error-err":
                line.end(false);
                return new Step.ErrorErr(n);
            case "run-workqueue":
                line.end(false);
                return new Step.RunWorkqueue(n);
            case "commit":
                line.end(false);
                return new Step.Commit(n);
            case "meta-writeback": {
                Step s = new Step.MetaWriteback(n, line.block(), line.writeOutcome());
                line.end(false);
                return s;
            }
            case "meta-writeback-start": {
                Step s = new Step.MetaWritebackStart(n, line.block());
                line.end(false);
                return s;
            }
            case "meta-writeback-end": {
                Step s = new Step.MetaWritebackEnd(n, line.block(), line.writeOutcome());
                line.end(false);
                return s;
            }
            case "expect":
                return line.expect(n);
            default:
                if (KEYWORDS.contains(keyword)) {
                    throw line.error("'" + keyword + "' is a step of subject fsync, but this scenario's subject is"
                            + " ext4: expected one of " + String.join(", ", EXT4_KEYWORDS));
                }
                throw line.error("unknown step '" + keyword + "': expected one of " + String.join(", ", EXT4_KEYWORDS));
        }
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
        /** The steps that take '=> RESULT' in the scenario's subject, for the message when another has one. */
        String returning = "fsync and stat";

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
            // A SET may have blanks inside its braces: {1, 2} is one token.
            code = BRACES.matcher(code).replaceAll(m -> m.group().replaceAll("\\s+", ""));
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

        void back() {
            pos--;
        }

        String block() {
            String expected = "a block name (a letter, then letters, digits, - or _; e.g. bitmap)";
            String t = next("a block name", expected);
            if (!BLOCK.matcher(t).matches() || t.equals("fs")) {
                pos--;
                throw unexpected(t, expected);
            }
            return t;
        }

        WriteOutcome writeOutcome() {
            String expected = "ok or EIO";
            String t = next("a write outcome", expected);
            if (!t.equals("ok") && !t.equals("EIO")) {
                pos--;
                throw unexpected(t, expected);
            }
            return WriteOutcome.fromId(t);
        }

        /** {@code expect BLOCK|fs KEY=VALUE...}, after the keyword. */
        Step expect(int n) {
            String expected = "'fs' or a block name";
            String t = next("what to expect", expected);
            boolean fs = t.equals("fs");
            if (!fs && !BLOCK.matcher(t).matches()) {
                pos--;
                throw unexpected(t, expected);
            }
            Map<String, Boolean> keys = fs ? FS_KEYS : BLOCK_KEYS;
            String keyList = String.join(", ", keys.keySet());
            Map<String, String> checks = new LinkedHashMap<>();
            while (pos < tokens.size()) {
                String pair = tokens.get(pos);
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                if (!keys.containsKey(key) || eq < 0) {
                    throw unexpected(pair, "KEY=VALUE with KEY one of " + keyList);
                }
                if (checks.containsKey(key)) {
                    throw unexpected(pair, "each key at most once ('" + key + "' is already stated)");
                }
                String value = pair.substring(eq + 1);
                if (keys.get(key)) {
                    if (!SET.matcher(value).matches()) {
                        throw unexpected(pair, key + "=SET, a set of update ids such as {} or {1,2}");
                    }
                    value = canonicalSet(value);
                } else if (!value.equals("yes") && !value.equals("no")) {
                    throw unexpected(pair, key + "=yes or " + key + "=no");
                }
                checks.put(key, value);
                pos++;
            }
            if (checks.isEmpty()) {
                throw error("missing KEY=VALUE after '" + before() + "': expected at least one of " + keyList);
            }
            return new Step.Expect(n, fs ? null : t, checks);
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
            String expected = WritebackOutcome.validIds();
            String t = next("a writeback outcome", expected);
            try {
                return WritebackOutcome.fromId(t);
            } catch (IllegalArgumentException e) {
                pos--;
                throw unexpected(t, expected);
            }
        }

        /**
         * The end of the line, after an optional {@code => RESULT} if {@code returnsValue}; the expected
         * result, if given.
         */
        OptionalInt end(boolean returnsValue) {
            return end(returnsValue, "0", "EIO", "ENOSPC");
        }

        /** {@link #end(boolean)} with the results the step can return, by name. */
        OptionalInt end(boolean returnsValue, String... results) {
            if (pos >= tokens.size()) {
                return OptionalInt.empty();
            }
            String t = tokens.get(pos);
            if (!t.equals("=>")) {
                throw unexpected(t, returnsValue ? "'=> RESULT' or the end of the line" : "the end of the line");
            }
            if (!returnsValue) {
                throw unexpected(t, "the end of the line: '" + tokens.get(0)
                        + "' returns nothing, so it takes no '=> RESULT' (only " + returning + " do)");
            }
            pos++;
            String expected = results.length == 2 ? results[0] + " or " + results[1]
                    : String.join(", ", List.of(results).subList(0, results.length - 1)) + " or "
                    + results[results.length - 1];
            String r = next("a result", expected);
            if (!List.of(results).contains(r)) {
                pos--;
                throw unexpected(r, expected);
            }
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
                    value = -Errno.EROFS;
                    break;
            }
            if (pos < tokens.size()) {
                throw unexpected(tokens.get(pos), "the end of the line");
            }
            return OptionalInt.of(value);
        }
    }

    /** A SET in canonical form: {@code {1,2}}, ids in ascending order without duplicates. */
    static String canonicalSet(String braces) {
        String inner = braces.substring(1, braces.length() - 1);
        java.util.SortedSet<Integer> ids = new java.util.TreeSet<>();
        if (!inner.isEmpty()) {
            for (String id : inner.split(",")) {
                ids.add(Integer.parseInt(id));
            }
        }
        return ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",", "{", "}"));
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
