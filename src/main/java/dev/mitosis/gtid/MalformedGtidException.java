package dev.mitosis.gtid;

/**
 * Text that is not a valid GTID or GTID set. {@link #text()} is the offending input, so that callers
 * can build MySQL's own message (ER_MALFORMED_GTID_SET_SPECIFICATION, ER_MALFORMED_GTID_SPECIFICATION);
 * {@link #getMessage()} also says what is wrong and where.
 */
public final class MalformedGtidException extends IllegalArgumentException {
    private final String text;

    MalformedGtidException(String kind, String text, String reason, int position) {
        super("Malformed " + kind + " specification '" + text + "': " + reason + " at position " + position);
        this.text = text;
    }

    public String text() {
        return text;
    }
}
