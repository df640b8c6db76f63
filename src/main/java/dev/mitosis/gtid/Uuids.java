package dev.mitosis.gtid;

import java.util.Comparator;
import java.util.UUID;

/**
 * UUID helpers with MySQL's rules: strict 8-4-4-4-12 text (case-insensitive), 16 raw bytes in the
 * order of the text, and byte-wise ordering. {@link UUID#compareTo} compares signed halves, which
 * is not the order MySQL prints, hence {@link #ORDER}.
 */
public final class Uuids {
    /** Unsigned byte order, the same as the order of the lower-case text. */
    public static final Comparator<UUID> ORDER = Comparator
            .comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
            .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

    static final int TEXT_LENGTH = 36;
    public static final int BINARY_LENGTH = 16;

    private Uuids() {}

    /** Parses exactly 36 characters at {@code from}; returns null if they are not a UUID. */
    static UUID parseOrNull(CharSequence text, int from) {
        if (from + TEXT_LENGTH > text.length()) {
            return null;
        }
        long high = 0;
        long low = 0;
        int digits = 0;
        for (int i = 0; i < TEXT_LENGTH; i++) {
            char c = text.charAt(from + i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int nibble = Character.digit(c, 16);
            if (nibble < 0 || c > 'f') {
                return null;
            }
            if (digits < 16) {
                high = (high << 4) | nibble;
            } else {
                low = (low << 4) | nibble;
            }
            digits++;
        }
        return new UUID(high, low);
    }

    /** Parses a UUID in MySQL's text form; rejects the short forms {@link UUID#fromString} accepts. */
    public static UUID parse(String text) {
        UUID uuid = text.length() == TEXT_LENGTH ? parseOrNull(text, 0) : null;
        if (uuid == null) {
            throw new IllegalArgumentException("Invalid UUID '" + text + "': expected 8-4-4-4-12 hex digits");
        }
        return uuid;
    }

    /** Writes the 16 raw bytes (big-endian halves, as in the text). */
    public static void write(UUID uuid, byte[] buf, int off) {
        writeBigEndian(uuid.getMostSignificantBits(), buf, off);
        writeBigEndian(uuid.getLeastSignificantBits(), buf, off + 8);
    }

    public static UUID read(byte[] buf, int off) {
        return new UUID(readBigEndian(buf, off), readBigEndian(buf, off + 8));
    }

    private static void writeBigEndian(long value, byte[] buf, int off) {
        for (int i = 7; i >= 0; i--) {
            buf[off + i] = (byte) value;
            value >>>= 8;
        }
    }

    private static long readBigEndian(byte[] buf, int off) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (buf[off + i] & 0xFF);
        }
        return value;
    }
}
