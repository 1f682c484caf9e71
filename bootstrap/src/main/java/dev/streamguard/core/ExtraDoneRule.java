package dev.streamguard.core;

import dev.streamguard.sse.SseEvent;

/**
 * D13: translators and relays send {@code [DONE]} twice, data after it, or {@code [DONE]} inside an Anthropic
 * stream, and JSON-parsing clients fail on it ({@code Unrecognized token 'DONE'}). Such events are dropped:
 * a {@code [DONE]} in an Anthropic stream by its protocol, anything after a terminal event by the engine.
 */
public final class ExtraDoneRule {
    private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};

    private ExtraDoneRule() {
    }

    public static boolean isDone(SseEvent event) {
        return event.hasData() && event.dataIs(DONE);
    }
}
