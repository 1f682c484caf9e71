package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.sse.SseEvent;

/** The rules of one protocol, applied to one stream event by event. */
public interface StreamProtocol {
    /** Handles a complete event: writes to {@code out} what the client should get, or throws to fail the stream. */
    void onEvent(SseEvent event, EventOutput out) throws StreamGuardException;

    /**
     * The body ended. {@code tail} is an event the body cut off before its blank line, or null. Writes what
     * completes the stream (the tail if it is whole, events the guard makes), or throws to fail it.
     */
    void onEnd(SseEvent tail, EventOutput out) throws StreamGuardException;
}
