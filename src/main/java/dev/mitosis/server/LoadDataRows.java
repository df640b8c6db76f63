package dev.mitosis.server;

import dev.mitosis.sql.LoadDataStatement;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the rows of a LOAD DATA file as MySQL does: fields end at FIELDS TERMINATED BY, rows at
 * LINES TERMINATED BY, a row starts after LINES STARTING BY (text before it is skipped), a field
 * may be ENCLOSED BY a character (doubled inside it), and ESCAPED BY introduces \0 \b \n \r \t
 * \Z and \N (NULL) or makes the next character literal. Without an enclosing character, or
 * without an escape character, the unquoted word NULL is NULL too. Streams: only one row is held.
 */
final class LoadDataRows {
    private final Reader in;
    private final String fieldEnd;
    private final String lineEnd;
    private final String lineStart;
    private final int enclosure;
    private final int escape;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int limit;
    private boolean eof;

    LoadDataRows(Reader in, LoadDataStatement s) {
        this.in = in;
        this.fieldEnd = s.format().fieldsTerminatedBy();
        this.lineEnd = s.format().linesTerminatedBy();
        this.lineStart = s.format().linesStartingBy();
        this.enclosure = s.format().enclosedBy().isEmpty() ? -1 : s.format().enclosedBy().charAt(0);
        this.escape = s.format().escapedBy().isEmpty() ? -1 : s.format().escapedBy().charAt(0);
    }

    /** Skips n rows (IGNORE n LINES): false if the input ended first. */
    boolean skip(long n) throws IOException {
        for (long i = 0; i < n; i++) {
            if (next() == null) return false;
        }
        return true;
    }

    /** The next row's fields (null for NULL), or null at the end of the input. */
    List<String> next() throws IOException {
        if (!lineStart.isEmpty()) {
            while (!startsWith(lineStart)) {
                if (!fill(1)) return null;
                pos++;
            }
            pos += lineStart.length();
        } else if (!fill(1)) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        while (true) {
            End end = new End();
            fields.add(field(end));
            if (end.line || end.input) return fields;
        }
    }

    /** How a field ended: at the end of its row, of the input, or (neither) at a field terminator. */
    private static final class End {
        boolean line;
        boolean input;
    }

    private String field(End end) throws IOException {
        StringBuilder b = new StringBuilder();
        boolean enclosed = enclosure >= 0 && fill(1) && buf[pos] == enclosure;
        boolean escapedNull = false;
        if (enclosed) pos++;
        while (true) {
            if (!fill(1)) {
                end.input = true;
                break;
            }
            char ch = buf[pos];
            if (enclosed && ch == enclosure) {
                if (fill(2) && buf[pos + 1] == enclosure) { // doubled: one enclosure character
                    b.append(ch);
                    pos += 2;
                    continue;
                }
                pos++;
                if (!fill(1)) {
                    end.input = true;
                    break;
                }
                if (consume(fieldEnd)) break;
                if (consume(lineEnd)) {
                    end.line = true;
                    break;
                }
                b.append(ch); // a stray enclosure character inside the field
                continue;
            }
            if (!enclosed) {
                if (consume(fieldEnd)) break;
                if (consume(lineEnd)) {
                    end.line = true;
                    break;
                }
            }
            if (escape >= 0 && ch == escape && fill(2)) {
                char e = buf[pos + 1];
                pos += 2;
                if (e == 'N' && b.isEmpty() && !enclosed) {
                    escapedNull = true;
                    continue;
                }
                b.append(switch (e) {
                    case '0' -> '\0';
                    case 'b' -> '\b';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'Z' -> (char) 26;
                    default -> e;
                });
                continue;
            }
            b.append(ch);
            pos++;
        }
        if (escapedNull) return b.isEmpty() ? null : "N" + b; // \N is NULL only as the whole field
        if (!enclosed && (enclosure >= 0 || escape < 0) && b.toString().equals("NULL")) return null;
        return b.toString();
    }

    private boolean startsWith(String s) throws IOException {
        if (!fill(s.length())) return false;
        for (int i = 0; i < s.length(); i++) {
            if (buf[pos + i] != s.charAt(i)) return false;
        }
        return true;
    }

    private boolean consume(String s) throws IOException {
        if (s.isEmpty() || !startsWith(s)) return false;
        pos += s.length();
        return true;
    }

    /** Makes at least n characters available at pos; false if the input ends before. */
    private boolean fill(int n) throws IOException {
        if (limit - pos >= n) return true;
        if (eof) return false;
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
        while (limit < n) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
                return false;
            }
            limit += r;
        }
        return true;
    }
}
