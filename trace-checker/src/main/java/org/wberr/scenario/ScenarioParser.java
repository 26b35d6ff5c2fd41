package org.wberr.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.wberr.core.Display;
import org.wberr.core.InputFiles;
import org.wberr.core.WberrException;

/**
 * Reads a scenario file, whatever its subject. One step per line; {@code #} starts a comment; blank lines are
 * ignored; words are separated by blanks ({@code =>} also stands alone when glued to its neighbours). What every
 * scenario has:
 *
 * <pre>
 * subject NAME          optional, first line (comments aside): whose steps follow; without it, the first
 *                       grammar's (fsync)
 * variant ID            at most once, before the first step
 * HEADER VALUE          the subject's header lines (ext4: errors MODE), each at most once, before the first step
 * STEP ... [=&gt; RESULT]  the subject's steps ({@link Grammar}); => RESULT only on steps that return one
 * </pre>
 *
 * A step of another subject is named as such ("'modify' is a step of subject ext4, ..."). Every error is a
 * {@link WberrException#badInput} naming {@code file:line}, the offending word, the words before it, and what
 * was expected.
 */
public final class ScenarioParser {
    private final List<Grammar> grammars;

    /** A parser of these subjects' scenarios; the first is the subject of a file without a {@code subject} line. */
    public ScenarioParser(List<Grammar> grammars) {
        if (grammars.isEmpty()) {
            throw new IllegalArgumentException("a scenario parser needs at least one grammar");
        }
        this.grammars = List.copyOf(grammars);
    }

    /** Parses a file; {@code source} is how messages name it (the path as the user gave it). */
    public Scenario parse(Path file, String source) {
        String text = InputFiles.text(file, source);
        return parse(source, text);
    }

    /** Parses scenario text; {@code source} names it in messages. */
    public Scenario parse(String source, String text) {
        List<Step> steps = new ArrayList<>();
        String variant = null;
        int variantLine = 0;
        Grammar grammar = grammars.get(0);
        Consumer<Step> checker = null;
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, Integer> headerLines = new LinkedHashMap<>();
        boolean first = true;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            Tokens line = Tokens.of(source, lineNo, lines[i]);
            if (line == null) {
                continue;
            }
            boolean wasFirst = first;
            first = false;
            String keyword = line.next("a step", "one of " + String.join(", ", keywords(grammar)));
            if (keyword.equals("subject")) {
                if (!wasFirst) {
                    throw line.error("'subject' must be the first line of the file (comments aside)");
                }
                String names = "one of " + String.join(", ", grammars.stream().map(Grammar::subject).toList());
                String id = line.next("a subject", names);
                Optional<Grammar> named = grammars.stream().filter(g -> g.subject().equals(id)).findFirst();
                if (named.isEmpty()) {
                    line.back();
                    throw line.unexpected(id, names);
                }
                grammar = named.get();
                line.end(false);
                continue;
            }
            Optional<Grammar.Header> header = header(grammar, keyword);
            if (header.isPresent()) {
                Grammar.Header h = header.get();
                if (headers.containsKey(keyword)) {
                    throw line.error("a second '" + keyword + "' line (the first is line " + headerLines.get(keyword)
                            + ")");
                }
                if (!steps.isEmpty()) {
                    throw line.error("'" + keyword + "' must come before the first step (line " + steps.get(0).line()
                            + ")");
                }
                String value = line.next(h.what(), String.join(", ", h.values()));
                if (!h.values().contains(value)) {
                    line.back();
                    throw line.unexpected(value, h.what() + ": " + String.join(", ", h.values()));
                }
                headers.put(keyword, value);
                headerLines.put(keyword, lineNo);
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
            if (!grammar.steps().contains(keyword)) {
                throw notAStep(grammar, keyword, line);
            }
            Step step = grammar.step(keyword, line.returning(grammar.returning()));
            if (checker == null) {
                checker = grammar.checker(source);
            }
            checker.accept(step);
            steps.add(step);
        }
        if (steps.isEmpty()) {
            throw WberrException.badInput(source, "no steps: a scenario needs at least one step");
        }
        return new Scenario(source, Optional.ofNullable(variant), variantLine, steps, grammar.subject(), headers, text);
    }

    /** Every first word of a line of {@code g}'s scenarios, in the order messages list them. */
    private static List<String> keywords(Grammar g) {
        List<String> all = new ArrayList<>();
        all.add("variant");
        g.headers().forEach(h -> all.add(h.keyword()));
        all.addAll(g.steps());
        return all;
    }

    private static Optional<Grammar.Header> header(Grammar g, String keyword) {
        return g.headers().stream().filter(h -> h.keyword().equals(keyword)).findFirst();
    }

    /** {@code keyword} is no step of {@code g}: perhaps one of another subject, else unknown. */
    private WberrException notAStep(Grammar g, String keyword, Tokens line) {
        for (Grammar other : grammars) {
            if (other != g && keywords(other).contains(keyword)) {
                String is = "'" + keyword + "' is a step of subject " + other.subject() + ", but this scenario's"
                        + " subject is " + g.subject();
                return line.error(g == grammars.get(0) ? is + ": make 'subject " + other.subject() + "' its first line"
                        : is + ": expected one of " + String.join(", ", keywords(g)));
            }
        }
        return line.error("unknown step '" + Display.echo(keyword) + "': expected one of " + String.join(", ", keywords(g)));
    }
}
