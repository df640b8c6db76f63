package dev.mitosis.server;

/**
 * One system variable: its scope, type, default and whether SET may change it.
 * Values are kept as strings in MySQL's canonical spelling (booleans as ON/OFF).
 */
public record VariableDef(String name, Scope scope, Type type, String defaultValue, boolean readOnly,
                          String[] allowed) {

    public enum Scope { GLOBAL, SESSION, BOTH }

    public enum Type { BOOL, INT, STRING, ENUM, SET }

    public boolean hasGlobal() { return scope != Scope.SESSION; }
    public boolean hasSession() { return scope != Scope.GLOBAL; }

    /** The value as SELECT @@name returns it: booleans read as 1/0 there. */
    public Object selectValue(String value) {
        if (value == null) return null;
        return switch (type) {
            case BOOL -> "ON".equals(value) ? 1L : 0L;
            case INT -> {
                try {
                    yield Long.parseLong(value);
                } catch (NumberFormatException e) {
                    yield new java.math.BigInteger(value);
                }
            }
            default -> value;
        };
    }

    /** Checks and canonicalizes a value being SET; returns null when it is not acceptable. */
    public String normalize(Object value) {
        if (value == null) return type == Type.STRING ? null : null;
        String s = value.toString();
        switch (type) {
            case BOOL: {
                String u = s.toUpperCase(java.util.Locale.ROOT);
                if (u.equals("ON") || u.equals("1") || u.equals("TRUE")) return "ON";
                if (u.equals("OFF") || u.equals("0") || u.equals("FALSE")) return "OFF";
                return null;
            }
            case INT:
                try {
                    if (value instanceof Number n) return new java.math.BigDecimal(n.toString()).toBigInteger().toString();
                    return new java.math.BigInteger(s.trim()).toString();
                } catch (NumberFormatException e) {
                    return null;
                }
            case ENUM: {
                if (value instanceof Number n) {
                    int i = n.intValue();
                    return i >= 0 && i < allowed.length ? allowed[i] : null;
                }
                for (String a : allowed) if (a.equalsIgnoreCase(s)) return a;
                return null;
            }
            case SET: {
                if (s.isEmpty()) return "";
                StringBuilder out = new StringBuilder();
                for (String part : s.split(",")) {
                    String match = null;
                    for (String a : allowed) if (a.equalsIgnoreCase(part.trim())) match = a;
                    if (match == null) return null;
                    if (out.length() > 0) out.append(',');
                    out.append(match);
                }
                return out.toString();
            }
            default:
                return s;
        }
    }
}
