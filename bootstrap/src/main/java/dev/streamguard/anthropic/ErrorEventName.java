package dev.streamguard.anthropic;

import dev.streamguard.sse.SseEvent;
import java.nio.charset.StandardCharsets;

/** The name an error event in another shape (D31, D40) has or gets: none yet, or already {@code error}. */
final class ErrorEventName {
    static final byte[] ERROR = "error".getBytes(StandardCharsets.US_ASCII);

    private ErrorEventName() {
    }

    /** Whether the event is unnamed or named {@code error}: an event named otherwise is not an error in another shape. */
    static boolean fits(SseEvent event) {
        return !event.hasEventName() || event.eventNameIs(ERROR);
    }

    /** The name to write: {@code error} for an unnamed event, null to keep the event's own. */
    static byte[] toAdd(SseEvent event) {
        return event.hasEventName() ? null : ERROR;
    }
}
