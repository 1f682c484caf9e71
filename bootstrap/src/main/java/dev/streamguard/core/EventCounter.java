package dev.streamguard.core;

/**
 * A number an event carries that must grow from event to event (the Responses API's {@code sequence_number}):
 * an event of a learned shape takes the fast path only where its number is one the rules would have let through.
 */
public interface EventCounter {
    /** Whether an event may carry {@code value} now, unchanged; if so, {@code value} becomes the latest. */
    boolean take(long value);
}
