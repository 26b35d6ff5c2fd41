package org.wberr.subject.ext4;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.wberr.model.ext4.ErrorsMode;
import org.wberr.model.ext4.WriteOutcome;
import org.wberr.scenario.Grammar;
import org.wberr.scenario.Step;
import org.wberr.scenario.Tokens;

/**
 * The steps of ext4 scenarios: a file whose first line (comments and blank lines aside) is {@code subject ext4}
 * tells a story about ext4 metadata buffers under failed asynchronous writeback (specs/Ext4MetaWriteback.tla;
 * the Java model org.wberr.model.ext4.Ext4).
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
 * BLOCK is a name (a letter, then letters, digits, {@code -} or {@code _}; not {@code fs}); the file system has
 * the blocks the scenario names ({@code bitmap} if it names none). SET is {@code {}} or update ids in braces,
 * {@code {1,2}} (blanks inside the braces are allowed). Each key at most once per line. An {@code expect} step
 * changes nothing; it passes if every key has the stated value, and a difference is reported like a wrong
 * {@code => RESULT}. A {@code modify} during which the machine panics returns nothing (state it with
 * {@code expect fs halted=yes}); every step after a panic is impossible.
 */
public final class Ext4Grammar implements Grammar {
    /** The header line of the errors= mount option. */
    public static final String ERRORS = "errors";

    private static final Pattern BLOCK = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Pattern SET = Pattern.compile("\\{(|(0|[1-9][0-9]{0,3})(,(0|[1-9][0-9]{0,3}))*)\\}");
    private static final String BLOCK_EXPECTED = "a block name (a letter, then letters, digits, - or _; e.g. bitmap)";
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

    @Override
    public String subject() {
        return Ext4Subject.NAME;
    }

    @Override
    public List<String> steps() {
        return List.of("read-bitmap", "modify", "check-bdev-error", "error-err", "run-workqueue", "commit",
                "meta-writeback", "meta-writeback-start", "meta-writeback-end", "expect");
    }

    @Override
    public List<Header> headers() {
        return List.of(new Header(ERRORS, "an errors= mode",
                java.util.Arrays.stream(ErrorsMode.values()).map(ErrorsMode::id).toList()));
    }

    @Override
    public String returning() {
        return "modify and check-bdev-error";
    }

    @Override
    public Step step(String keyword, Tokens line) {
        int n = line.line();
        Step s;
        switch (keyword) {
            case "read-bitmap":
                s = new Ext4Step.ReadBitmap(n, block(line));
                break;
            case "modify": {
                String block = block(line);
                return new Ext4Step.Modify(n, block, line.end(true, "0", "EROFS"));
            }
            case "check-bdev-error":
                return new Ext4Step.CheckBdevError(n, line.end(true, "0", "EIO"));
            case "error-err":
                s = new Ext4Step.ErrorErr(n);
                break;
            case "run-workqueue":
                s = new Ext4Step.RunWorkqueue(n);
                break;
            case "commit":
                s = new Ext4Step.Commit(n);
                break;
            case "meta-writeback": {
                String block = block(line);
                s = new Ext4Step.MetaWriteback(n, block, outcome(line));
                break;
            }
            case "meta-writeback-start":
                s = new Ext4Step.MetaWritebackStart(n, block(line));
                break;
            case "meta-writeback-end": {
                String block = block(line);
                s = new Ext4Step.MetaWritebackEnd(n, block, outcome(line));
                break;
            }
            case "expect":
                return expect(line);
            default:
                throw new IllegalArgumentException("not an ext4 step: " + keyword);
        }
        line.end(false);
        return s;
    }

    private static String block(Tokens line) {
        String t = line.next("a block name", BLOCK_EXPECTED);
        if (!BLOCK.matcher(t).matches() || t.equals("fs")) {
            line.back();
            throw line.unexpected(t, BLOCK_EXPECTED);
        }
        return t;
    }

    private static WriteOutcome outcome(Tokens line) {
        String expected = "ok or EIO";
        String t = line.next("a write outcome", expected);
        if (!t.equals("ok") && !t.equals("EIO")) {
            line.back();
            throw line.unexpected(t, expected);
        }
        return WriteOutcome.fromId(t);
    }

    /** {@code expect BLOCK|fs KEY=VALUE...}, after the keyword. */
    private static Step expect(Tokens line) {
        String expected = "'fs' or a block name";
        String t = line.next("what to expect", expected);
        boolean fs = t.equals("fs");
        if (!fs && !BLOCK.matcher(t).matches()) {
            line.back();
            throw line.unexpected(t, expected);
        }
        Map<String, Boolean> keys = fs ? FS_KEYS : BLOCK_KEYS;
        String keyList = String.join(", ", keys.keySet());
        Map<String, String> checks = new LinkedHashMap<>();
        while (line.hasNext()) {
            String pair = line.peek();
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (!keys.containsKey(key) || eq < 0) {
                throw line.unexpected(pair, "KEY=VALUE with KEY one of " + keyList);
            }
            if (checks.containsKey(key)) {
                throw line.unexpected(pair, "each key at most once ('" + key + "' is already stated)");
            }
            String value = pair.substring(eq + 1);
            if (keys.get(key)) {
                if (!SET.matcher(value).matches()) {
                    throw line.unexpected(pair, key + "=SET, a set of update ids such as {} or {1,2}");
                }
                value = canonicalSet(value);
            } else if (!value.equals("yes") && !value.equals("no")) {
                throw line.unexpected(pair, key + "=yes or " + key + "=no");
            }
            checks.put(key, value);
            line.skip();
        }
        if (checks.isEmpty()) {
            throw line.error("missing KEY=VALUE after '" + line.before() + "': expected at least one of " + keyList);
        }
        return new Ext4Step.Expect(line.line(), fs ? null : t, checks);
    }

    /** A SET in canonical form: {@code {1,2}}, ids in ascending order without duplicates. */
    static String canonicalSet(String braces) {
        String inner = braces.substring(1, braces.length() - 1);
        SortedSet<Integer> ids = new TreeSet<>();
        if (!inner.isEmpty()) {
            for (String id : inner.split(",")) {
                ids.add(Integer.parseInt(id));
            }
        }
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}
