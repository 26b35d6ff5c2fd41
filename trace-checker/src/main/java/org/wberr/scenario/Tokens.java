package org.wberr.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.wberr.core.Display;
import org.wberr.core.WberrException;
import org.wberr.model.step.Errno;

/**
 * The words of one scenario line and how far they have been read, with the messages every grammar uses: each
 * names {@code file:line}, the offending word, the words before it and what was expected.
 */
public final class Tokens {
    /** A SET may have blanks inside its braces: {@code {1, 2}} is one word. */
    private static final Pattern BRACES = Pattern.compile("\\{[^}]*\\}");

    private final String source;
    private final int number;
    private final List<String> tokens;
    private final String returning;
    private int pos;

    private Tokens(String source, int number, List<String> tokens, String returning) {
        this.source = source;
        this.number = number;
        this.tokens = tokens;
        this.returning = returning;
    }

    /** The line's words, or null for a blank or comment-only line. {@code =>} is a word of its own. */
    static Tokens of(String source, int number, String raw) {
        int hash = raw.indexOf('#');
        String code = (hash >= 0 ? raw.substring(0, hash) : raw).replace("=>", " => ").strip();
        if (code.isEmpty()) {
            return null;
        }
        // The replacement is literal text: a '$' or '\' inside the braces is the user's, not a group reference.
        code = BRACES.matcher(code).replaceAll(m -> Matcher.quoteReplacement(m.group().replaceAll("\\s+", "")));
        return new Tokens(source, number, Arrays.asList(code.split("\\s+")), "fsync and stat");
    }

    /** The same words, read as far, for a grammar whose steps {@code returning} take {@code => RESULT}. */
    Tokens returning(String steps) {
        Tokens t = new Tokens(source, number, tokens, steps);
        t.pos = pos;
        return t;
    }

    /** The 1-based line number. */
    public int line() {
        return number;
    }

    /** The words read so far, for "after '...'". */
    public String before() {
        return Display.echo(String.join(" ", tokens.subList(0, pos)));
    }

    /** An input error about this line. */
    public WberrException error(String what) {
        return WberrException.badInput(source + ":" + number, what);
    }

    /** An input error about {@code token}, the word just put back or about to be read. */
    public WberrException unexpected(String token, String expected) {
        return error("unexpected token '" + Display.echo(token) + "' after '" + before() + "': expected " + expected);
    }

    /** Whether a word is left. */
    public boolean hasNext() {
        return pos < tokens.size();
    }

    /** The next word without reading it. */
    public String peek() {
        return tokens.get(pos);
    }

    /** The next word; at the end of the line, an error saying what was expected. */
    public String next(String what, String expected) {
        if (pos >= tokens.size()) {
            if (pos == 0) {
                throw error("missing " + what + ": expected " + expected);
            }
            throw error("missing " + what + " after '" + before() + "': expected " + expected);
        }
        return tokens.get(pos++);
    }

    /** The next word if it matches {@code pattern}; else the error naming it and {@code expected}. */
    public String next(String what, Pattern pattern, String expected) {
        String t = next(what, expected);
        if (!pattern.matcher(t).matches()) {
            pos--;
            throw unexpected(t, expected);
        }
        return t;
    }

    /** Puts the last word back (so that a message names it after the words before it). */
    public void back() {
        pos--;
    }

    /** Reads past the word {@link #peek()} returned. */
    public void skip() {
        pos++;
    }

    /**
     * The end of the line, after an optional {@code => RESULT} if {@code returnsValue} (0, EIO or ENOSPC); the
     * expected result, if given.
     */
    public OptionalInt end(boolean returnsValue) {
        return end(returnsValue, "0", "EIO", "ENOSPC");
    }

    /** {@link #end(boolean)} with the results the step can return, by name (0, EIO, ENOSPC, EROFS). */
    public OptionalInt end(boolean returnsValue, String... results) {
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
