package org.wberr.itf;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Prints ITF values in TLA+ notation, for people: {@code {a, b}}, {@code <<1, 2>>},
 * {@code [fd |-> a, n |-> 3]}, {@code (a :> 0 @@ b :> 1)}, {@code "text"}, {@code TRUE}. Model values
 * ({@code {"#unserializable": "a"}}) print as their bare name, as in TLC's own output.
 */
public final class TlaPrinter {
    private TlaPrinter() {
    }

    /** {@code value} in TLA+ notation, on one line. */
    public static String print(JsonNode value) {
        StringBuilder sb = new StringBuilder();
        print(value, sb);
        return sb.toString();
    }

    private static void print(JsonNode v, StringBuilder sb) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            sb.append("?");
        } else if (v.isBoolean()) {
            sb.append(v.booleanValue() ? "TRUE" : "FALSE");
        } else if (v.isNumber()) {
            sb.append(v.asText());
        } else if (v.isTextual()) {
            string(v.textValue(), sb);
        } else if (v.isArray()) {
            sequence(v, sb);
        } else if (v.has("#bigint") && v.size() == 1) {
            sb.append(v.get("#bigint").asText());
        } else if (v.has("#unserializable") && v.size() == 1) {
            sb.append(v.get("#unserializable").asText());
        } else if (v.has("#tup") && v.size() == 1) {
            sequence(v.get("#tup"), sb);
        } else if (v.has("#set") && v.size() == 1) {
            sb.append('{');
            join(v.get("#set"), sb);
            sb.append('}');
        } else if (v.has("#map") && v.size() == 1) {
            JsonNode pairs = v.get("#map");
            if (pairs.isEmpty()) {
                sb.append("<<>>");
                return;
            }
            sb.append('(');
            for (int i = 0; i < pairs.size(); i++) {
                if (i > 0) {
                    sb.append(" @@ ");
                }
                print(pairs.get(i).get(0), sb);
                sb.append(" :> ");
                print(pairs.get(i).get(1), sb);
            }
            sb.append(')');
        } else {
            sb.append('[');
            Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
            boolean first = true;
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(e.getKey()).append(" |-> ");
                print(e.getValue(), sb);
            }
            sb.append(']');
        }
    }

    private static void sequence(JsonNode elems, StringBuilder sb) {
        sb.append("<<");
        join(elems, sb);
        sb.append(">>");
    }

    private static void join(JsonNode elems, StringBuilder sb) {
        for (int i = 0; i < elems.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            print(elems.get(i), sb);
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        sb.append('"');
    }
}
