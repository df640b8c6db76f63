package dev.mitosis.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes COM_QUERY bytes to text. Statements are UTF-8, but string literals may carry raw bytes
 * (clients send BLOBs as {@code _binary'...'} with backslash escapes); a literal whose bytes are
 * not valid UTF-8, or that has the _binary introducer, is rewritten as a hex literal X'..' first,
 * so no byte is lost in decoding.
 */
final class QueryText {
    private static final byte[] BINARY = "_binary".getBytes(StandardCharsets.US_ASCII);

    private QueryText() {}

    static String decode(byte[] b, int off, int end) {
        // Some clients count the C string's terminating NUL in the length (mysqlslap, mariadb-slap):
        // for MySQL's lexer a NUL ends the statement.
        while (end > off && b[end - 1] == 0) end--;
        if (isValidUtf8(b, off, end) && !contains(b, off, end, BINARY)) {
            return new String(b, off, end - off, StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder(end - off + 16);
        int copied = off;
        int i = off;
        while (i < end) {
            byte c = b[i];
            if (c == '\'' || c == '"') {
                int close = closingQuote(b, i, end);
                int before = i;
                while (before > off && (b[before - 1] == ' ' || b[before - 1] == '\n' || b[before - 1] == '\t')) before--;
                boolean introduced = before - off >= BINARY.length
                        && regionEqualsIgnoreCase(b, before - BINARY.length, BINARY);
                byte[] value = unescape(b, i + 1, close, c);
                if (introduced || !isValidUtf8(value, 0, value.length)) {
                    int literalStart = introduced ? before - BINARY.length : i;
                    out.append(new String(b, copied, literalStart - copied, StandardCharsets.UTF_8));
                    out.append("X'").append(java.util.HexFormat.of().formatHex(value)).append('\'');
                    copied = Math.min(end, close + 1);
                }
                i = Math.min(end, close + 1);
            } else if (c == '`') {
                int close = closingQuote(b, i, end);
                i = Math.min(end, close + 1);
            } else {
                i++;
            }
        }
        out.append(new String(b, copied, end - copied, StandardCharsets.UTF_8));
        return out.toString();
    }

    /** Index of the quote closing the literal opened at {@code open} (or end). */
    private static int closingQuote(byte[] b, int open, int end) {
        byte q = b[open];
        int i = open + 1;
        while (i < end) {
            if (b[i] == '\\' && q != '`') {
                i += 2;
                continue;
            }
            if (b[i] == q) {
                if (i + 1 < end && b[i + 1] == q) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return end;
    }

    private static byte[] unescape(byte[] b, int from, int to, byte quote) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '\\' && i + 1 < to) {
                byte e = b[++i];
                switch (e) {
                    case 'n' -> out.write('\n');
                    case 'r' -> out.write('\r');
                    case 't' -> out.write('\t');
                    case '0' -> out.write(0);
                    case 'b' -> out.write('\b');
                    case 'Z' -> out.write(26);
                    default -> out.write(e);
                }
            } else if (c == quote && i + 1 < to && b[i + 1] == quote) {
                out.write(c);
                i++;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    static boolean isValidUtf8(byte[] b, int off, int end) {
        boolean ascii = true;
        for (int i = off; i < end; i++) {
            if (b[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) return true;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, end - off));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean contains(byte[] b, int off, int end, byte[] needle) {
        for (int i = off; i + needle.length <= end; i++) {
            if (regionEqualsIgnoreCase(b, i, needle)) return true;
        }
        return false;
    }

    private static boolean regionEqualsIgnoreCase(byte[] b, int at, byte[] needle) {
        for (int k = 0; k < needle.length; k++) {
            if (Character.toLowerCase(b[at + k]) != needle[k]) return false;
        }
        return true;
    }
}
