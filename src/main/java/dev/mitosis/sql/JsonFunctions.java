package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Basic MySQL JSON functions over JSON text: JSON_EXTRACT with $.key, $."key", $[n] paths,
 * JSON_UNQUOTE and JSON_VALID. Output uses MySQL's spacing ({"a": 1, "b": [1, 2]}).
 */
public final class JsonFunctions {
    private JsonFunctions() { }

    public static String jsonExtract(String json, String path) {
        if (json == null || path == null) return null;
        Object v = new Parser(json).parseDocument();
        Object found = navigate(v, path);
        return found == MISSING ? null : write(found);
    }

    public static String jsonUnquote(String s) {
        if (s == null) return null;
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
            return (String) new Parser(s).parseDocument();
        }
        return s;
    }

    public static Integer jsonValid(String s) {
        if (s == null) return null;
        try {
            new Parser(s).parseDocument();
            return 1;
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    private static final Object MISSING = new Object();
    private static final Object JSON_NULL = new Object();

    private static Object navigate(Object v, String path) {
        int i = 0;
        if (path.isEmpty() || path.charAt(0) != '$') throw new IllegalArgumentException("Invalid JSON path expression");
        i++;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == ' ') { i++; continue; }
            if (c == '.') {
                i++;
                String key;
                if (i < path.length() && path.charAt(i) == '"') {
                    int end = path.indexOf('"', i + 1);
                    key = path.substring(i + 1, end);
                    i = end + 1;
                } else {
                    int end = i;
                    while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') end++;
                    key = path.substring(i, end);
                    i = end;
                }
                if (!(v instanceof Map<?, ?> m) || !m.containsKey(key)) return MISSING;
                v = m.get(key);
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                int index = Integer.parseInt(path.substring(i + 1, end).trim());
                i = end + 1;
                if (!(v instanceof List<?> l)) {
                    if (index == 0) continue; // MySQL: a scalar is a one-element array
                    return MISSING;
                }
                if (index >= l.size()) return MISSING;
                v = l.get(index);
            } else {
                throw new IllegalArgumentException("Invalid JSON path expression");
            }
        }
        return v;
    }

    static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == JSON_NULL) sb.append("null");
        else if (v instanceof String s) quote(sb, s);
        else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(", ");
                quote(sb, (String) e.getKey());
                sb.append(": ");
                write(sb, e.getValue());
                first = false;
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int k = 0; k < l.size(); k++) {
                if (k > 0) sb.append(", ");
                write(sb, l.get(k));
            }
            sb.append(']');
        } else sb.append(v);
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        sb.append('"');
    }

    /** Minimal RFC 8259 parser: objects keep key order. */
    private static final class Parser {
        private final String s;
        private int p;

        Parser(String s) { this.s = s; }

        Object parseDocument() {
            Object v = value();
            skip();
            if (p != s.length()) throw new IllegalArgumentException("Invalid JSON text");
            return v;
        }

        private void skip() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++;
        }

        private Object value() {
            skip();
            if (p >= s.length()) throw new IllegalArgumentException("Invalid JSON text");
            char c = s.charAt(p);
            if (c == '{') {
                p++;
                Map<String, Object> m = new LinkedHashMap<>();
                skip();
                if (s.charAt(p) == '}') { p++; return m; }
                while (true) {
                    skip();
                    String key = string();
                    skip();
                    expect(':');
                    m.put(key, value());
                    skip();
                    if (s.charAt(p) == ',') { p++; continue; }
                    expect('}');
                    return m;
                }
            }
            if (c == '[') {
                p++;
                List<Object> l = new ArrayList<>();
                skip();
                if (s.charAt(p) == ']') { p++; return l; }
                while (true) {
                    l.add(value());
                    skip();
                    if (s.charAt(p) == ',') { p++; continue; }
                    expect(']');
                    return l;
                }
            }
            if (c == '"') return string();
            if (s.startsWith("true", p)) { p += 4; return Boolean.TRUE; }
            if (s.startsWith("false", p)) { p += 5; return Boolean.FALSE; }
            if (s.startsWith("null", p)) { p += 4; return JSON_NULL; }
            int start = p;
            while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) p++;
            if (start == p) throw new IllegalArgumentException("Invalid JSON text");
            return new java.math.BigDecimal(s.substring(start, p));
        }

        private void expect(char c) {
            if (p >= s.length() || s.charAt(p) != c) throw new IllegalArgumentException("Invalid JSON text");
            p++;
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (p >= s.length()) throw new IllegalArgumentException("Invalid JSON text");
                char c = s.charAt(p++);
                if (c == '"') return sb.toString();
                if (c == '\\') {
                    char e = s.charAt(p++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> { sb.append((char) Integer.parseInt(s.substring(p, p + 4), 16)); p += 4; }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }
    }
}
