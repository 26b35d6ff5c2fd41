package org.wberr.report.html;

/** Escaping for HTML text and attribute values, and ids for anchors. */
public final class Html {
    private Html() {
    }

    /** {@code text} safe inside an element or a quoted attribute value (also in SVG): the five special characters. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * An anchor id from a name: letters, digits, '-', '_' and '.' kept, anything else as '_' and its code point, so
     * that different names give different ids and none needs escaping.
     */
    public static String id(String prefix, String name) {
        StringBuilder sb = new StringBuilder(prefix);
        name.codePoints().forEach(c -> {
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
                sb.appendCodePoint(c);
            } else {
                sb.append('_').append(Integer.toHexString(c)).append('_');
            }
        });
        return sb.toString();
    }
}
