package org.wberr.campaign;

import java.util.function.UnaryOperator;

/**
 * A kernel behaviour the model names as an abstraction: a rewrite of a scenario that makes the model's story the
 * kernel's. A disagreement between the kernel and a scenario's expectations is explained by an abstraction if the
 * Java model, judging the rewritten scenario, agrees with the kernel on every step the kernel judged.
 *
 * @param name    a short name ({@code enospc-as-eio})
 * @param why     the kernel source that decides it, and where the model's READMEs name it
 * @param rewrite the rewrite of one line of a scenario file (a line it does not concern comes back unchanged)
 */
public record Abstraction(String name, String why, UnaryOperator<String> rewrite) {

    /** The scenario file {@code text} with every line rewritten. */
    public String apply(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(rewrite.apply(line));
        }
        return b.toString();
    }
}
