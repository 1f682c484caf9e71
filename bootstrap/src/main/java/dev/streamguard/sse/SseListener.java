package dev.streamguard.sse;

import dev.streamguard.StreamGuardException;

/** Receives what {@link SseFramer} finds in the byte stream. */
public interface SseListener {
    /**
     * Called where an event may start, with the bytes available there: returns the length of a whole event
     * the listener recognised and handled itself (the framer then skips it), or 0 to let the framer frame it.
     */
    default int atEventStart(byte[] b, int pos, int end) throws StreamGuardException {
        return 0;
    }

    /** A complete event (its blank line included). */
    void onEvent(SseEvent event) throws StreamGuardException;

    /**
     * The event just delivered ended with a CR that was the last byte of a chunk; the next byte has arrived:
     * {@code lineFeed} says whether it was the LF completing that CRLF (then consumed) or something else.
     * Not called when the body ends first.
     */
    void afterFinalCarriageReturn(boolean lineFeed);

    /**
     * The event being assembled would grow past {@code limit} bytes. Return true to stop framing here: the
     * framer then leaves the partial event in place and {@link SseFramer#feed} returns early.
     */
    boolean onOversizedEvent(SseEvent partial, long limit) throws StreamGuardException;
}
