package dev.mitosis.protocol;

/** A packet that does not parse: the client gets error 1835, the server carries on. */
public final class MalformedPacketException extends RuntimeException {
    public MalformedPacketException(String message) {
        super(message, null, false, false);
    }
}
