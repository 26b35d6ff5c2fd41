package org.wberr.report.html;

import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link SequenceDiagram} as inline SVG: a header box and a lifeline per lane, a row per step with its arrow
 * (labelled with the kernel function) and the values it changed, one line each, in their lanes; history values in a
 * column on the right. Colours come from the page's CSS classes, so print and dark mode restyle it. The violating
 * step's row has the class {@code violating}; every step is a {@code g.step} with {@code data-step}.
 */
final class DiagramSvg {
    static final int LANE = 170;
    static final int LEFT = 44;
    static final int HISTORY = 470;
    static final int HEADER = 40;
    static final int LINE = 15;

    private DiagramSvg() {
    }

    /** Notes longer than this are cut; the whole text is the note's tooltip. */
    static final int MAX_NOTE = 64;

    /** The diagram; {@code violation} labels the violating step (what it violates). */
    static String render(SequenceDiagram d, String caption, String violation) {
        List<String> lanes = d.lanes();
        int width = LEFT + lanes.size() * LANE + HISTORY;
        StringBuilder rows = new StringBuilder();
        int y = HEADER + 10;
        y = row(rows, d, 0, "init", null, null, null, d.initial(), null, y);
        for (SequenceDiagram.Step s : d.steps()) {
            y = row(rows, d, s.index(), s.action(), s.from(), s.to(), s.function(), s.notes(),
                    s.violating() ? violation : null, y);
        }
        int height = y + 10;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg class=\"diagram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", width, height, width, height,
                Html.escape(caption)));
        for (int i = 0; i < lanes.size(); i++) {
            int x = x(i);
            sb.append(String.format(Locale.ROOT, "<line class=\"lifeline\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                    x, HEADER, x, height - 4));
            sb.append(String.format(Locale.ROOT, "<rect class=\"lanebox\" x=\"%d\" y=\"4\" width=\"%d\" height=\"%d\""
                    + " rx=\"4\"/><text class=\"lanename\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    x - LANE / 2 + 6, LANE - 12, HEADER - 12, x, HEADER / 2 + 8, Html.escape(lanes.get(i))));
        }
        sb.append(String.format(Locale.ROOT, "<text class=\"historyname\" x=\"%d\" y=\"%d\">history (not kernel"
                + " state)</text>", LEFT + lanes.size() * LANE, HEADER / 2 + 8));
        sb.append(rows);
        return sb.append("</svg>").toString();
    }

    /** The x of lane {@code i}'s lifeline. */
    private static int x(int i) {
        return LEFT + i * LANE + LANE / 2;
    }

    /** Draws one row from {@code y}; returns the y where the next starts. */
    private static int row(StringBuilder sb, SequenceDiagram d, int index, String action, String from, String to,
            String function, List<SequenceDiagram.Note> notes, String violation, int y) {
        boolean violating = violation != null;
        List<String> lanes = d.lanes();
        long inLanes = notes.stream().filter(n -> n.lane() != null).count();
        long beside = notes.size() - inLanes;
        // A note in the last lane runs into the history column: then the history goes below the lanes' notes.
        boolean below = notes.stream().anyMatch(n -> lanes.get(lanes.size() - 1).equals(n.lane()));
        int height = 30 + (int) (below ? inLanes + beside : Math.max(inLanes, beside)) * LINE + 8;
        int width = LEFT + lanes.size() * LANE + HISTORY;
        sb.append(String.format(Locale.ROOT, "<g class=\"step%s\" data-step=\"%d\"><title>%d. %s</title>",
                violating ? " violating" : "", index, index, Html.escape(action)));
        sb.append(String.format(Locale.ROOT, "<rect class=\"rowbg\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>", y,
                width, height - 4));
        sb.append(String.format(Locale.ROOT, "<text class=\"stepno\" x=\"6\" y=\"%d\">%d</text>", y + 16, index));
        if (violating) {
            sb.append(String.format(Locale.ROOT, "<text class=\"verdict\" x=\"%d\" y=\"%d\" text-anchor=\"end\">"
                    + "\u2717 %s</text>", width - 8, y + 16, Html.escape(violation)));
        }
        int ay = y + 22;
        if (from == null) {
            sb.append(String.format(Locale.ROOT, "<text class=\"fn\" x=\"%d\" y=\"%d\">initial state</text>",
                    LEFT + 4, y + 16));
        } else {
            int x1 = x(lanes.indexOf(from));
            int x2 = x(lanes.indexOf(to));
            String label = Html.escape(function) + " <tspan class=\"act\">" + Html.escape(action) + "</tspan>";
            if (x1 == x2) {
                sb.append(String.format(Locale.ROOT, "<path class=\"arrow\" d=\"M %d %d h 28 v 10 h -24\"/>", x1,
                        ay - 6));
                sb.append(head(x1 + 2, ay + 4, -1));
                sb.append(String.format(Locale.ROOT, "<text class=\"fn\" x=\"%d\" y=\"%d\">%s</text>", x1 + 34,
                        ay + 2, label));
            } else {
                int dir = x2 > x1 ? 1 : -1;
                sb.append(String.format(Locale.ROOT, "<line class=\"arrow\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                        x1, ay, x2 - 2 * dir, ay));
                sb.append(head(x2, ay, dir));
                sb.append(String.format(Locale.ROOT, "<text class=\"fn\" x=\"%d\" y=\"%d\">%s</text>",
                        Math.min(x1, x2) + 6, ay - 5, label));
            }
        }
        int ly = ay + LINE + 2;
        int hy = ay + LINE + 2 + (below ? (int) inLanes * LINE : 0);
        for (SequenceDiagram.Note n : notes) {
            if (n.lane() != null) {
                sb.append(String.format(Locale.ROOT, "<text class=\"note\" x=\"%d\" y=\"%d\">%s</text>",
                        x(lanes.indexOf(n.lane())) + 4, ly, note(n.text())));
                ly += LINE;
            } else {
                sb.append(String.format(Locale.ROOT, "<text class=\"history\" x=\"%d\" y=\"%d\">%s</text>",
                        LEFT + lanes.size() * LANE + 4, hy, note(n.text())));
                hy += LINE;
            }
        }
        sb.append("</g>");
        return y + height;
    }

    /** A note's text, escaped; a long one cut, with the whole text as its tooltip. */
    static String note(String text) {
        if (text.length() <= MAX_NOTE) {
            return Html.escape(text);
        }
        return "<title>" + Html.escape(text) + "</title>" + Html.escape(text.substring(0, MAX_NOTE - 1)) + "\u2026";
    }

    /** An arrowhead at (x, y) pointing right (dir 1) or left (-1). */
    private static String head(int x, int y, int dir) {
        return String.format(Locale.ROOT, "<path class=\"head\" d=\"M %d %d l %d -5 v 10 z\"/>", x, y, -8 * dir);
    }
}
