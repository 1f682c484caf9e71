package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.sse.SseEvent;
import java.util.function.Predicate;

/**
 * The event a body ended in without its blank line, for protocols whose events are each one JSON value: whole
 * (its JSON complete, or {@code [DONE]}), it is an event like the others; cut, only its size is left to report.
 */
public final class BodyTail {
    private BodyTail() {
    }

    /**
     * Hands a whole {@code tail} to {@code protocol}; returns the bytes of a cut one (0 when there is none, or it
     * was whole). {@code parses} tells whether the tail's data is complete JSON.
     */
    public static int handle(SseEvent tail, StreamProtocol protocol, EventOutput out, Predicate<SseEvent> parses)
            throws StreamGuardException {
        if (tail == null || !tail.hasData()) {
            return 0;
        }
        if (ExtraDoneRule.isDone(tail) || parses.test(tail)) {
            protocol.onEvent(tail, out);
            return 0;
        }
        return tail.rawLength();
    }
}
