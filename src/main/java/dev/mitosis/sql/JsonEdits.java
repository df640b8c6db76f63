package dev.mitosis.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h2.value.Value;
import org.h2.value.ValueNull;

/**
 * MySQL's JSON functions that build a new document from one: JSON_SET, JSON_INSERT,
 * JSON_REPLACE, JSON_REMOVE, JSON_ARRAY_APPEND, JSON_ARRAY_INSERT, JSON_MERGE_PATCH,
 * JSON_MERGE_PRESERVE, and the inspectors JSON_TYPE, JSON_DEPTH, JSON_QUOTE, JSON_OVERLAPS,
 * JSON_SEARCH and JSON_PRETTY. Paths are {@code $}, {@code .key}, {@code ."key"} and {@code [n]}
 * legs; a NULL document or path gives NULL, as in MySQL.
 */
public final class JsonEdits {
    private JsonEdits() {}

    private enum Mode { SET, INSERT, REPLACE }

    public static String jsonSet(Value... args) {
        return write(args, Mode.SET, "json_set");
    }

    public static String jsonInsert(Value... args) {
        return write(args, Mode.INSERT, "json_insert");
    }

    public static String jsonReplace(Value... args) {
        return write(args, Mode.REPLACE, "json_replace");
    }

    /** One (path, value) pair's change to the document: the document after it (the same one, changed in place, or a new root). */
    private interface PathEdit {
        Object apply(Object doc, List<Object> legs, Object value);
    }

    /** (doc, path, value [, path, value] ...): each pair applied in turn to the result of the last; NULL for a NULL document or path. */
    private static String editPairs(Value[] args, String function, PathEdit edit) {
        if (args.length < 3 || args.length % 2 == 0) throw parameterCount(function);
        if (isNull(args[0])) return null;
        Object doc = parse(args[0]);
        for (int k = 1; k < args.length; k += 2) {
            if (isNull(args[k])) return null;
            doc = edit.apply(doc, legs(args[k].getString()), JsonFunctions.fromSql(args[k + 1]));
        }
        return JsonFunctions.write(doc);
    }

    private static String write(Value[] args, Mode mode, String function) {
        return editPairs(args, function, (doc, legs, value) -> write(doc, legs, value, mode));
    }

    /** JSON_SET / INSERT / REPLACE of one value: set where it may, by the mode. */
    private static Object write(Object doc, List<Object> legs, Object value, Mode mode) {
        if (legs.isEmpty()) return mode == Mode.INSERT ? doc : value;
        Object parent = at(doc, legs.subList(0, legs.size() - 1));
        Object leg = legs.get(legs.size() - 1);
        if (leg instanceof String key && parent instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked") Map<String, Object> members = (Map<String, Object>) m;
            boolean present = members.containsKey(key);
            if (present ? mode != Mode.INSERT : mode != Mode.REPLACE) members.put(key, value);
        } else if (leg instanceof Integer index && parent != JsonFunctions.MISSING) {
            if (parent instanceof List<?> l) {
                @SuppressWarnings("unchecked") List<Object> elements = (List<Object>) l;
                if (index < elements.size()) {
                    if (mode != Mode.INSERT) elements.set(index, value);
                } else if (mode != Mode.REPLACE) {
                    elements.add(value);
                }
            } else if (index == 0) {
                // A scalar or object is its own element 0.
                if (mode != Mode.INSERT) return replace(doc, legs.subList(0, legs.size() - 1), value);
            } else if (mode != Mode.REPLACE) {
                // Past the end of a non-array: it becomes an array of itself and the value.
                return replace(doc, legs.subList(0, legs.size() - 1), new ArrayList<>(List.of(parent, value)));
            }
        }
        return doc;
    }

    /** JSON_REMOVE(doc, path, ...): the paths' values removed, each from the last result. */
    public static String jsonRemove(Value... args) {
        if (args.length < 2) throw parameterCount("json_remove");
        if (isNull(args[0])) return null;
        Object doc = parse(args[0]);
        for (int k = 1; k < args.length; k++) {
            if (isNull(args[k])) return null;
            List<Object> legs = legs(args[k].getString());
            if (legs.isEmpty()) throw new FunctionError(3153, "42000", "The path expression '$' is not allowed in this context.");
            Object parent = at(doc, legs.subList(0, legs.size() - 1));
            Object leg = legs.get(legs.size() - 1);
            if (leg instanceof String key && parent instanceof Map<?, ?> m) m.remove(key);
            else if (leg instanceof Integer index && parent instanceof List<?> l && index < l.size()) l.remove((int) index);
        }
        return JsonFunctions.write(doc);
    }

    /** JSON_ARRAY_APPEND(doc, path, value, ...): appended to the array there (a non-array becomes one). */
    public static String jsonArrayAppend(Value... args) {
        return editPairs(args, "json_array_append", (doc, legs, value) -> {
            Object target = at(doc, legs);
            if (target instanceof List<?> l) {
                @SuppressWarnings("unchecked") List<Object> elements = (List<Object>) l;
                elements.add(value);
                return doc;
            }
            return target == JsonFunctions.MISSING ? doc : replace(doc, legs, new ArrayList<>(List.of(target, value)));
        });
    }

    /** JSON_ARRAY_INSERT(doc, path[n], value, ...): inserted before element n (appended past the end). */
    public static String jsonArrayInsert(Value... args) {
        return editPairs(args, "json_array_insert", (doc, legs, value) -> {
            if (legs.isEmpty() || !(legs.get(legs.size() - 1) instanceof Integer index)) {
                throw new FunctionError(3165, "42000", "A path expression is not a path to a cell in an array.");
            }
            if (at(doc, legs.subList(0, legs.size() - 1)) instanceof List<?> l) {
                @SuppressWarnings("unchecked") List<Object> elements = (List<Object>) l;
                elements.add(Math.min(index, elements.size()), value);
            }
            return doc;
        });
    }

    /** JSON_MERGE_PATCH(doc, doc, ...): RFC 7396, a null member removing the key. */
    public static String jsonMergePatch(Value... args) {
        if (args.length < 2) throw parameterCount("json_merge_patch");
        Object doc = null;
        for (int k = 0; k < args.length; k++) {
            Object patch = isNull(args[k]) ? null : parse(args[k]);
            if (k == 0) {
                doc = patch;
            } else if (patch == null) {
                doc = null;
            } else if (doc != null || patch instanceof Map) {
                doc = mergePatch(doc, patch);
            }
        }
        return doc == null ? null : JsonFunctions.write(doc);
    }

    private static Object mergePatch(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> p)) return patch;
        Map<String, Object> out = target instanceof Map<?, ?> t ? copy(t) : new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : p.entrySet()) {
            String key = (String) e.getKey();
            if (e.getValue() == JsonFunctions.JSON_NULL) out.remove(key);
            else out.put(key, mergePatch(out.get(key), e.getValue()));
        }
        return out;
    }

    /** JSON_MERGE_PRESERVE(doc, doc, ...) and JSON_MERGE: arrays concatenated, objects merged member by member. */
    public static String jsonMergePreserve(Value... args) {
        if (args.length < 2) throw parameterCount("json_merge_preserve");
        Object doc = null;
        for (Value v : args) {
            if (isNull(v)) return null;
            Object next = parse(v);
            doc = doc == null ? next : mergePreserve(doc, next);
        }
        return JsonFunctions.write(doc);
    }

    private static Object mergePreserve(Object a, Object b) {
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            Map<String, Object> out = copy(x);
            for (Map.Entry<?, ?> e : y.entrySet()) {
                String key = (String) e.getKey();
                out.put(key, out.containsKey(key) ? mergePreserve(out.get(key), e.getValue()) : e.getValue());
            }
            return out;
        }
        List<Object> out = new ArrayList<>();
        addAll(out, a);
        addAll(out, b);
        return out;
    }

    private static void addAll(List<Object> out, Object v) {
        if (v instanceof List<?> l) out.addAll(l);
        else out.add(v);
    }

    /** JSON_TYPE(value): OBJECT, ARRAY, STRING, INTEGER, DECIMAL, DOUBLE, BOOLEAN or NULL. */
    public static String jsonType(String json) {
        if (json == null) return null;
        Object v = new JsonFunctions.Parser(json).parseDocument();
        if (v instanceof Map) return "OBJECT";
        if (v instanceof List) return "ARRAY";
        if (v instanceof String) return "STRING";
        if (v instanceof Boolean) return "BOOLEAN";
        if (v == JsonFunctions.JSON_NULL) return "NULL";
        if (v instanceof BigDecimal d) {
            String text = d.toString();
            if (text.contains("E") || text.contains("e")) return "DOUBLE";
            return d.scale() > 0 ? "DECIMAL" : "INTEGER";
        }
        return "DOUBLE";
    }

    /** JSON_DEPTH(doc): 1 for a scalar or an empty array or object, else 1 + the deepest element's. */
    public static Integer jsonDepth(String json) {
        return json == null ? null : depth(new JsonFunctions.Parser(json).parseDocument());
    }

    private static int depth(Object v) {
        int inner = 0;
        if (v instanceof Map<?, ?> m) for (Object e : m.values()) inner = Math.max(inner, depth(e));
        if (v instanceof List<?> l) for (Object e : l) inner = Math.max(inner, depth(e));
        return 1 + inner;
    }

    /** JSON_QUOTE(string): the string as a JSON string literal. */
    public static String jsonQuote(String s) {
        return s == null ? null : JsonFunctions.write(s);
    }

    /** JSON_OVERLAPS(a, b): 1 when the two share an array element, an object member, or are equal scalars. */
    public static Integer jsonOverlaps(String a, String b) {
        if (a == null || b == null) return null;
        Object x = new JsonFunctions.Parser(a).parseDocument();
        Object y = new JsonFunctions.Parser(b).parseDocument();
        if (x instanceof Map<?, ?> m && y instanceof Map<?, ?> n) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (n.containsKey(e.getKey()) && same(e.getValue(), n.get(e.getKey()))) return 1;
            }
            return 0;
        }
        List<Object> xs = new ArrayList<>();
        List<Object> ys = new ArrayList<>();
        addAll(xs, x);
        addAll(ys, y);
        for (Object e : xs) for (Object f : ys) if (same(e, f)) return 1;
        return 0;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) return x.compareTo(y) == 0;
        return JsonFunctions.write(a).equals(JsonFunctions.write(b));
    }

    /**
     * JSON_SEARCH(doc, 'one'|'all', pattern [, escape [, path]]): the path of the first string
     * matching the LIKE pattern, or with 'all' an array of every such path (one path unwrapped);
     * NULL when none matches.
     */
    public static String jsonSearch(Value... args) {
        if (args.length < 3 || args.length > 5) throw parameterCount("json_search");
        // Any NULL but the escape character makes the result NULL.
        if (isNull(args[0]) || isNull(args[1]) || isNull(args[2]) || args.length > 4 && isNull(args[4])) return null;
        String mode = args[1].getString().toLowerCase(java.util.Locale.ROOT);
        if (!mode.equals("one") && !mode.equals("all")) {
            throw new FunctionError(3154, "42000", "The oneOrAll argument to json_search may take these values: 'one' or 'all'.");
        }
        char escape = args.length > 3 && !isNull(args[3]) && !args[3].getString().isEmpty() ? args[3].getString().charAt(0) : '\\';
        java.util.regex.Pattern like = likePattern(args[2].getString(), escape);
        Object doc = JsonFunctions.sortKeys(parse(args[0]));
        String start = args.length > 4 ? args[4].getString() : "$";
        Object from = JsonFunctions.navigate(doc, start);
        List<String> found = new ArrayList<>();
        if (from != JsonFunctions.MISSING) search(from, start, like, mode.equals("one"), found);
        if (found.isEmpty()) return null;
        if (found.size() == 1) return JsonFunctions.write(found.get(0));
        return JsonFunctions.write(new ArrayList<Object>(found));
    }

    private static void search(Object v, String path, java.util.regex.Pattern like, boolean one, List<String> found) {
        if (one && !found.isEmpty()) return;
        if (v instanceof String s) {
            if (like.matcher(s).matches()) found.add(path);
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) search(e.getValue(), path + "." + memberLeg((String) e.getKey()), like, one, found);
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) search(l.get(i), path + "[" + i + "]", like, one, found);
        }
    }

    private static String memberLeg(String key) {
        return key.matches("[A-Za-z_$][A-Za-z0-9_$]*") ? key : JsonFunctions.write(key);
    }

    private static java.util.regex.Pattern likePattern(String pattern, char escape) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == escape && i + 1 < pattern.length()) re.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            else if (c == '%') re.append(".*");
            else if (c == '_') re.append('.');
            else re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return java.util.regex.Pattern.compile(re.toString(), java.util.regex.Pattern.DOTALL);
    }

    /** JSON_PRETTY(doc): one member or element per line, indented by two spaces. */
    public static String jsonPretty(String json) {
        if (json == null) return null;
        StringBuilder sb = new StringBuilder();
        pretty(sb, JsonFunctions.sortKeys(new JsonFunctions.Parser(json).parseDocument()), 0);
        return sb.toString();
    }

    private static void pretty(StringBuilder sb, Object v, int depth) {
        String indent = "  ".repeat(depth + 1);
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            sb.append("{\n");
            int k = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(indent).append(JsonFunctions.write(e.getKey())).append(": ");
                pretty(sb, e.getValue(), depth + 1);
                sb.append(++k < m.size() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(depth)).append('}');
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            sb.append("[\n");
            for (int k = 0; k < l.size(); k++) {
                sb.append(indent);
                pretty(sb, l.get(k), depth + 1);
                sb.append(k + 1 < l.size() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(depth)).append(']');
        } else {
            sb.append(JsonFunctions.write(v));
        }
    }

    // ---- documents and paths

    private static boolean isNull(Value v) {
        return v == null || v == ValueNull.INSTANCE;
    }

    private static Object parse(Value v) {
        return new JsonFunctions.Parser(v.getString()).parseDocument();
    }

    private static Map<String, Object> copy(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) out.put((String) e.getKey(), e.getValue());
        return out;
    }

    /** What the legs select (a scalar is its own element 0), or MISSING. */
    private static Object at(Object doc, List<Object> legs) {
        Object v = doc;
        for (Object leg : legs) {
            if (leg instanceof String key) {
                if (!(v instanceof Map<?, ?> m) || !m.containsKey(key)) return JsonFunctions.MISSING;
                v = m.get(key);
            } else {
                int index = (Integer) leg;
                if (v instanceof List<?> l) {
                    if (index >= l.size()) return JsonFunctions.MISSING;
                    v = l.get(index);
                } else if (index != 0) {
                    return JsonFunctions.MISSING;
                }
            }
        }
        return v;
    }

    /** The document with what the legs select replaced by {@code value}. */
    @SuppressWarnings("unchecked")
    private static Object replace(Object doc, List<Object> legs, Object value) {
        if (legs.isEmpty()) return value;
        Object parent = at(doc, legs.subList(0, legs.size() - 1));
        Object leg = legs.get(legs.size() - 1);
        if (leg instanceof String key && parent instanceof Map<?, ?> m) ((Map<String, Object>) m).put(key, value);
        else if (parent instanceof List<?> l) ((List<Object>) l).set((Integer) leg, value);
        else return replace(doc, legs.subList(0, legs.size() - 1), value);
        return doc;
    }

    /** The legs of a path without wildcards: member names and array indexes. */
    static List<Object> legs(String path) {
        List<Object> legs = new ArrayList<>();
        int i = 0;
        if (path.isEmpty() || path.charAt(0) != '$') throw invalidPath(0);
        i++;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '.') {
                i++;
                if (i < path.length() && path.charAt(i) == '"') {
                    int end = path.indexOf('"', i + 1);
                    if (end < 0) throw invalidPath(i);
                    legs.add(path.substring(i + 1, end));
                    i = end + 1;
                } else {
                    int end = i;
                    while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') end++;
                    String key = path.substring(i, end).trim();
                    if (key.isEmpty() || key.contains("*")) throw invalidPath(i);
                    legs.add(key);
                    i = end;
                }
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) throw invalidPath(i);
                try {
                    legs.add(Integer.parseInt(path.substring(i + 1, end).trim()));
                } catch (NumberFormatException e) {
                    throw invalidPath(i);
                }
                i = end + 1;
            } else {
                throw invalidPath(i);
            }
        }
        return legs;
    }

    private static FunctionError invalidPath(int at) {
        return FunctionError.invalidJsonPath(at);
    }

    private static FunctionError parameterCount(String function) {
        return FunctionError.parameterCount(function);
    }
}
