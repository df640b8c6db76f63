package dev.mitosis.sql;

/**
 * Builds H2 SQL text. Identifiers of schema objects are written lower-case and double-quoted
 * (the rule of this front end: H2 folds unquoted names to lower case with DATABASE_TO_LOWER, so
 * lower-case quoted names are what any other code finds unquoted). Aliases keep their case.
 */
final class SqlWriter {
    final StringBuilder out;
    private boolean glue = true;
    int parameters;

    SqlWriter(int capacity) {
        out = new StringBuilder(capacity);
    }

    int length() { return out.length(); }

    /** Writes raw text, separated from the previous token by a space when needed. */
    SqlWriter word(String text) {
        space();
        out.append(text);
        glue = false;
        return this;
    }

    /** Punctuation that sticks to its left neighbour: ")" "," ".". */
    SqlWriter closing(String text) {
        out.append(text);
        glue = text.equals(".");
        return this;
    }

    /** "(" or a qualifier dot: the next token sticks to it. */
    SqlWriter open(String text) {
        out.append(text);
        glue = true;
        return this;
    }

    /** Makes the next token stick to the previous one (function name and its parenthesis). */
    SqlWriter glueNext() {
        glue = true;
        return this;
    }

    SqlWriter identifier(String name) {
        space();
        appendQuoted(out, name.toLowerCase(java.util.Locale.ROOT));
        glue = false;
        return this;
    }

    SqlWriter alias(String name) {
        space();
        appendQuoted(out, name);
        glue = false;
        return this;
    }

    SqlWriter string(String value) {
        space();
        out.append('\'');
        int from = 0;
        int quote;
        while ((quote = value.indexOf('\'', from)) >= 0) {
            out.append(value, from, quote + 1).append('\'');
            from = quote + 1;
        }
        out.append(value, from, value.length()).append('\'');
        glue = false;
        return this;
    }

    SqlWriter parameter() {
        parameters++;
        return word("?");
    }

    void insert(int at, String text) {
        out.insert(at, text);
    }

    private void space() {
        if (!glue && out.length() > 0) out.append(' ');
        glue = false;
    }

    static void appendQuoted(StringBuilder sb, String name) {
        sb.append('"');
        if (name.indexOf('"') < 0) {
            sb.append(name);
        } else {
            sb.append(name.replace("\"", "\"\""));
        }
        sb.append('"');
    }

    @Override
    public String toString() { return out.toString(); }
}
