package dev.mitosis.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Basic MySQL JSON functions over JSON text: JSON_EXTRACT with $.key, $."key", $[n] paths,
 * JSON_UNQUOTE, JSON_VALID, JSON_LENGTH, JSON_CONTAINS, JSON_KEYS, JSON_ARRAY and JSON_OBJECT.
 * Output uses MySQL's spacing ({"a": 1, "b": [1, 2]}).
 */
public final class JsonFunctions {
    private JsonFunctions() { }

    public static String jsonExtract(String json, String path) {
        return atPath(json, path, JsonFunctions::write);
    }

    /** f of what the path selects in the document; NULL when either is NULL or the path selects nothing. */
    private static <T> T atPath(String json, String path, java.util.function.Function<Object, T> f) {
        if (json == null || path == null) return null;
        Object found = navigate(new Parser(json).parseDocument(), path);
        return found == MISSING ? null : f.apply(found);
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

    /**
     * A stored JSON document as MySQL returns it: normalized, with object keys ordered shorter
     * first and then by their bytes, and MySQL's spacing. Text that is not JSON is returned as is.
     */
    public static String normalize(String json) {
        if (json == null) return null;
        try {
            return write(sortKeys(new Parser(json).parseDocument()));
        } catch (RuntimeException e) {
            return json;
        }
    }

    static Object sortKeys(Object v) {
        if (v instanceof Map<?, ?> m) {
            java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>(
                    java.util.Comparator.comparingInt(String::length).thenComparing(java.util.Comparator.naturalOrder()));
            for (Map.Entry<?, ?> e : m.entrySet()) sorted.put((String) e.getKey(), sortKeys(e.getValue()));
            return new LinkedHashMap<>(sorted);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object e : l) out.add(sortKeys(e));
            return out;
        }
        return v;
    }

    /** JSON_LENGTH(doc): elements of an array, members of an object, 1 for a scalar. */
    public static Integer jsonLength(String json) {
        return json == null ? null : length(new Parser(json).parseDocument());
    }

    /** JSON_LENGTH(doc, path): the length of what the path selects; NULL when it selects nothing. */
    public static Integer jsonLength(String json, String path) {
        return atPath(json, path, JsonFunctions::length);
    }

    private static int length(Object v) {
        return v instanceof List<?> l ? l.size() : v instanceof Map<?, ?> m ? m.size() : 1;
    }

    /** JSON_CONTAINS(target, candidate): 1 when candidate is contained in target, as MySQL defines it. */
    public static Integer jsonContains(String target, String candidate) {
        if (target == null || candidate == null) return null;
        return contains(new Parser(target).parseDocument(), new Parser(candidate).parseDocument()) ? 1 : 0;
    }

    /** JSON_CONTAINS(target, candidate, path): the same at the path; NULL when it selects nothing. */
    public static Integer jsonContains(String target, String candidate, String path) {
        if (candidate == null) return null;
        Object wanted = new Parser(candidate).parseDocument();
        return atPath(target, path, at -> contains(at, wanted) ? 1 : 0);
    }

    /**
     * MySQL's containment: an array contains an array whose every element it contains, and any
     * value one of its elements contains; an object contains an object whose every member it has
     * with a containing value; scalars contain equal scalars.
     */
    private static boolean contains(Object target, Object candidate) {
        if (target instanceof List<?> t) {
            if (candidate instanceof List<?> c) {
                for (Object e : c) if (!contains(t, e)) return false;
                return true;
            }
            for (Object e : t) if (contains(e, candidate)) return true;
            return false;
        }
        if (target instanceof Map<?, ?> t) {
            if (!(candidate instanceof Map<?, ?> c)) return false;
            for (Map.Entry<?, ?> e : c.entrySet()) {
                if (!t.containsKey(e.getKey()) || !contains(t.get(e.getKey()), e.getValue())) return false;
            }
            return true;
        }
        if (target instanceof java.math.BigDecimal a && candidate instanceof java.math.BigDecimal b) return a.compareTo(b) == 0;
        return target.equals(candidate);
    }

    /** JSON_KEYS(doc): the top-level keys of an object as a JSON array; NULL for anything else. */
    public static String jsonKeys(String json) {
        return json == null ? null : keys(new Parser(json).parseDocument());
    }

    /** JSON_KEYS(doc, path). */
    public static String jsonKeys(String json, String path) {
        return atPath(json, path, JsonFunctions::keys);
    }

    private static String keys(Object v) {
        return v instanceof Map<?, ?> m ? write(new ArrayList<Object>(((Map<?, ?>) sortKeys(m)).keySet())) : null;
    }

    /** JSON_ARRAY(v, ...): SQL NULL becomes JSON null; JSON values nest as JSON, strings as strings. */
    public static String jsonArray(org.h2.value.Value... values) {
        List<Object> list = new ArrayList<>();
        for (org.h2.value.Value v : values) list.add(fromSql(v));
        return write(list);
    }

    /** JSON_OBJECT(k, v, ...): values as in JSON_ARRAY; a NULL key is an error, as in MySQL. */
    public static String jsonObject(org.h2.value.Value... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw FunctionError.parameterCount("json_object");
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < keysAndValues.length; k += 2) {
            if (keysAndValues[k] == org.h2.value.ValueNull.INSTANCE) {
                throw new FunctionError(3158, "22032", "JSON documents may not contain NULL member names.");
            }
            m.put(keysAndValues[k].getString(), fromSql(keysAndValues[k + 1]));
        }
        return write(m);
    }

    /** A SQL value as JSON: numbers and booleans as such, JSON as JSON, everything else a string. */
    static Object fromSql(org.h2.value.Value v) {
        return switch (v.getValueType()) {
            case org.h2.value.Value.NULL -> JSON_NULL;
            case org.h2.value.Value.JSON -> new Parser(v.getString()).parseDocument();
            case org.h2.value.Value.BOOLEAN -> v.getBoolean();
            case org.h2.value.Value.TINYINT, org.h2.value.Value.SMALLINT, org.h2.value.Value.INTEGER,
                 org.h2.value.Value.BIGINT, org.h2.value.Value.NUMERIC -> v.getBigDecimal();
            case org.h2.value.Value.REAL, org.h2.value.Value.DOUBLE, org.h2.value.Value.DECFLOAT -> v.getDouble();
            default -> v.getString();
        };
    }

    static final Object MISSING = new Object();
    /** JSON's null in a parsed document (Java's null is SQL NULL). */
    public static final Object JSON_NULL = new Object();

    static Object navigate(Object v, String path) {
        int i = 0;
        if (path.isEmpty() || path.charAt(0) != '$') throw FunctionError.invalidJsonPath(0);
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
                throw FunctionError.invalidJsonPath(i);
            }
        }
        return v;
    }

    /**
     * A JSON document's tree: objects as maps (in their text's key order), arrays as lists,
     * strings, Booleans, numbers as BigDecimals, {@link #JSON_NULL}. Not JSON: IllegalArgumentException.
     */
    public static Object parse(String json) {
        return new Parser(json).parseDocument();
    }

    /** A JSON value as MySQL returns it: normalized (object keys ordered as in {@link #normalize}). */
    public static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, sortKeys(v));
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
        } else if (v instanceof java.math.BigDecimal d) {
            sb.append(d.toPlainString());
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
    static final class Parser {
        private final String s;
        private int p;

        Parser(String s) { this.s = s; }

        Object parseDocument() {
            Object v;
            try {
                v = value();
            } catch (IndexOutOfBoundsException | NumberFormatException truncatedOrMalformed) {
                throw FunctionError.invalidJsonText(Math.min(p, s.length()));
            }
            skip();
            if (p != s.length()) throw FunctionError.invalidJsonText(p);
            return v;
        }

        private void skip() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++;
        }

        private Object value() {
            skip();
            if (p >= s.length()) throw FunctionError.invalidJsonText(p);
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
            if (start == p) throw FunctionError.invalidJsonText(p);
            return new java.math.BigDecimal(s.substring(start, p));
        }

        private void expect(char c) {
            if (p >= s.length() || s.charAt(p) != c) throw FunctionError.invalidJsonText(p);
            p++;
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (p >= s.length()) throw FunctionError.invalidJsonText(p);
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
