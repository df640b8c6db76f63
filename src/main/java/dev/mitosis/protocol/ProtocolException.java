package dev.mitosis.protocol;

import java.io.IOException;

/** The peer broke the framing rules; the connection cannot continue. */
public class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
