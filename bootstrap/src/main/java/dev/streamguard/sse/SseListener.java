package dev.streamguard.sse;

import dev.streamguard.StreamGuardException;

/** Receives what {@link SseFramer} finds in the byte stream. */
public interface SseListener {
    /**
     * {@link #atEventStart}'s answer for bytes that begin an event the listener would recognise but that end before
     * the event does: the framer keeps them as they came, unframed, and offers the whole event once its end comes.
     */
    int CARRY = -1;

    /**
     * Called where an event may start, with the bytes available there: returns the length of a whole event
     * the listener recognised and handled itself (the framer then skips it), {@link #CARRY}, or 0 to let the framer
     * frame it.
     */
    default int atEventStart(byte[] b, int pos, int end) throws StreamGuardException {
        return 0;
    }

    /** The body started with a UTF-8 byte order mark, which is not passed to the events. */
    default void onByteOrderMark() {
    }

    /** A complete event (its blank line included). */
    void onEvent(SseEvent event) throws StreamGuardException;

    /**
     * The event just delivered ended with a CR that was the last byte of a chunk; the next byte has arrived:
     * {@code lineFeed} says whether it was the LF completing that CRLF (then consumed) or something else.
     * Not called when the body ends first.
     */
    void afterFinalCarriageReturn(boolean lineFeed);

    /** What the framer does with an event that outgrew its limit. */
    enum Oversized {
        /** Stop framing: {@link SseFramer#feed} returns early, the partial event left in place. */
        STOP,
        /** The partial event is the listener's; the rest of the event goes to {@link #onPassedBytes} as it comes, then framing goes on. */
        PASS
    }

    /**
     * The event being assembled would grow past {@code limit} bytes; {@code partial} holds its first
     * {@code limit} bytes.
     */
    Oversized onOversizedEvent(SseEvent partial, long limit) throws StreamGuardException;

    /** Bytes of an oversized event that the listener chose to {@link Oversized#PASS}, as they come, up to its blank line. */
    void onPassedBytes(byte[] b, int off, int len);
}
