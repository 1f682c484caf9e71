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

    /**
     * Whether the last event handled was not of this protocol at all (another protocol's event, another kind of
     * JSON, or no JSON the rules can read): its tool arguments, if it carries any, are not followed by the rules
     * but must still count (D20).
     */
    boolean lastEventForeign();

    /** Whether the stream's terminal event has been handled: nothing after it is an answer (D42). */
    boolean terminated();

    /**
     * Whether the stream has said everything but its terminal event (Anthropic: a stop reason, no
     * {@code message_stop}; OpenAI: every choice finished, no {@code [DONE]}), so that waiting for it is bounded
     * by {@code stream.terminal-grace} (D43).
     */
    default boolean awaitingTerminal() {
        return false;
    }

    /** Whether line ends other than LF are this protocol's own framing, and so no deviation (D22) in its streams. */
    default boolean framesWithOtherLineEnds() {
        return false;
    }

    /** The id under which a connection held open after the terminal event is counted (D42, or the protocol's own). */
    default Deviation heldOpenDeviation() {
        return Deviation.D42;
    }

    /**
     * The failure the stream ends in after the event just handled went out, or null: for an upstream's error event
     * that a client reads as its own typed error, which it should still get (the guard's failure then reaches a
     * client that ignores the event).
     */
    default StreamGuardException failureAfterEvent() {
        return null;
    }

    /** Whether the last event handled only kept the connection alive (a ping): it does not restart the grace. */
    default boolean lastEventWasKeepAlive() {
        return false;
    }

    /**
     * The terminal grace ran out with only keep-alives since the stream said everything: writes what ends it
     * (D43; D14), counting what it repaired; throws if what was held back cannot end well.
     */
    default void terminalGraceExpired(EventOutput out) throws StreamGuardException {
    }
}
