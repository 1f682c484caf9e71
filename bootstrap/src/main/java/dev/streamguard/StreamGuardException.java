package dev.streamguard;

import java.io.IOException;

/**
 * The only exception StreamGuard lets reach application code: the stream could not be delivered
 * faithfully (truncated, failed upstream, over a cap, unusable tool arguments). It is an
 * {@link IOException} so that every client already handles it where it handles a broken connection.
 */
public class StreamGuardException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the stream was refused; stable names for logs and metrics. */
    public enum Cause {
        TRUNCATED,
        UPSTREAM_ERROR,
        CAP_EXCEEDED,
        INVALID_TOOL_ARGUMENTS,
        MISSING_TOOL_INPUT,
        MISSING_TOOL_NAME,
        NO_EVENTS,
        TOOL_MARKUP,
        IDLE_TIMEOUT,
        /** The upstream's events contradict each other: two messages in one, content of a block already ended. */
        INCOHERENT_STREAM
    }

    public static final String PREFIX = "streamguard: ";

    private final Cause cause;

    public StreamGuardException(Cause cause, String detail) {
        super(PREFIX + detail);
        this.cause = cause;
    }

    public Cause reason() {
        return cause;
    }
}
