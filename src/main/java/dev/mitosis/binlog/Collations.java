package dev.mitosis.binlog;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The few MySQL collation ids the row codec must understand: their Java charset and bytes per character. */
public final class Collations {
    public static final int LATIN1_SWEDISH_CI = 8;
    public static final int ASCII_GENERAL_CI = 11;
    public static final int UTF8MB3_GENERAL_CI = 33;
    public static final int UTF8MB4_GENERAL_CI = 45;
    public static final int UTF8MB4_BIN = 46;
    public static final int BINARY = 63;
    public static final int UTF8MB4_0900_AI_CI = 255;

    private Collations() {}

    public static boolean isBinary(int collation) {
        return collation == BINARY;
    }

    /** mbmaxlen: CHAR(n)/VARCHAR(n) may take n times this many bytes. */
    public static int maxBytesPerChar(int collation) {
        return switch (family(collation)) {
            case UTF8MB4 -> 4;
            case UTF8MB3 -> 3;
            case SINGLE_BYTE -> 1;
        };
    }

    public static Charset javaCharset(int collation) {
        return switch (family(collation)) {
            case UTF8MB4, UTF8MB3 -> StandardCharsets.UTF_8;
            case SINGLE_BYTE -> collation == ASCII_GENERAL_CI || collation == 65
                    ? StandardCharsets.US_ASCII
                    : collation == BINARY ? StandardCharsets.ISO_8859_1 : Charset.forName("windows-1252");
        };
    }

    private enum Family { UTF8MB4, UTF8MB3, SINGLE_BYTE }

    private static Family family(int collation) {
        if (collation == 45 || collation == 46 || (collation >= 224 && collation <= 247)
                || (collation >= 255 && collation <= 323)) {
            return Family.UTF8MB4;
        }
        if (collation == 33 || collation == 76 || collation == 83 || (collation >= 192 && collation <= 215)
                || collation == 223) {
            return Family.UTF8MB3;
        }
        if (collation == BINARY || collation == 5 || collation == 8 || collation == 15 || collation == 31
                || (collation >= 47 && collation <= 49) || collation == 94 || collation == 11 || collation == 65) {
            return Family.SINGLE_BYTE;
        }
        throw new IllegalArgumentException("Unsupported collation id " + collation);
    }
}
