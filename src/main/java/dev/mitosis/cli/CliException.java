package dev.mitosis.cli;

/** A failure the tool reports as one line (no stack trace), with an exit status. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int exitCode;

    CliException(String message) {
        this(message, 1);
    }

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }
}
