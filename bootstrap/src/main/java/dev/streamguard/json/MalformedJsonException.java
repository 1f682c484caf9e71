package dev.streamguard.json;

/**
 * Thrown by {@link JsonCursor} when the text is not JSON. One shared instance without a stack trace:
 * a malformed event is an expected input, not a bug, and must cost nothing to signal.
 */
public final class MalformedJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final MalformedJsonException INSTANCE = new MalformedJsonException();

    private MalformedJsonException() {
        super("malformed JSON", null, false, false);
    }
}
