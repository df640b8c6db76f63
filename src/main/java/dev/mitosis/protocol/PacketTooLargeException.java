package dev.mitosis.protocol;

/** A packet beyond max_allowed_packet: MySQL answers 1153 and closes the connection. */
public final class PacketTooLargeException extends ProtocolException {
    public PacketTooLargeException() {
        super("packet bigger than max_allowed_packet");
    }
}
