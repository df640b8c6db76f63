package dev.mitosis.sql;

/**
 * How LOAD DATA reads and SELECT ... INTO OUTFILE writes a text file: {@code [CHARACTER SET cs]
 * [{FIELDS | COLUMNS} [TERMINATED BY 's'] [[OPTIONALLY] ENCLOSED BY 'c'] [ESCAPED BY 'c']]
 * [LINES [STARTING BY 's'] [TERMINATED BY 's']]}, with MySQL's defaults (tab, no enclosure,
 * backslash, newline) for what is left out.
 *
 * @param charset            the CHARACTER SET named, lower case; null for the default
 * @param optionallyEnclosed ENCLOSED BY was OPTIONALLY: on output only strings are enclosed
 */
public record FileFormat(String charset, String fieldsTerminatedBy, String enclosedBy, boolean optionallyEnclosed,
                         String escapedBy, String linesStartingBy, String linesTerminatedBy) {
    public static final FileFormat DEFAULT = new FileFormat(null, "\t", "", false, "\\", "", "\n");

    static FileFormat parse(TokenCursor c) {
        String charset = null;
        if (c.accept("CHARACTER")) {
            c.expect("SET");
            charset = c.nameOrString();
        } else if (c.accept("CHARSET")) {
            charset = c.nameOrString();
        }
        String fields = "\t";
        String enclosed = "";
        boolean optionally = false;
        String escaped = "\\";
        if (c.accept("FIELDS") || c.accept("COLUMNS")) {
            boolean any = false;
            while (true) {
                if (c.accept("TERMINATED")) {
                    c.expect("BY");
                    fields = c.string();
                } else if (c.peek("OPTIONALLY") || c.peek("ENCLOSED")) {
                    optionally = c.accept("OPTIONALLY");
                    c.expect("ENCLOSED");
                    c.expect("BY");
                    enclosed = c.singleCharacter();
                } else if (c.accept("ESCAPED")) {
                    c.expect("BY");
                    escaped = c.singleCharacter();
                } else {
                    break;
                }
                any = true;
            }
            if (!any) throw c.error();
        }
        String starting = "";
        String lines = "\n";
        if (c.accept("LINES")) {
            boolean any = false;
            while (true) {
                if (c.accept("STARTING")) {
                    c.expect("BY");
                    starting = c.string();
                } else if (c.accept("TERMINATED")) {
                    c.expect("BY");
                    lines = c.string();
                } else {
                    break;
                }
                any = true;
            }
            if (!any) throw c.error();
        }
        // MySQL reads and writes fixed-width rows then; not supported.
        if (fields.isEmpty() && enclosed.isEmpty()) throw c.error();
        return new FileFormat(charset, fields, enclosed, optionally, escaped, starting, lines);
    }
}
