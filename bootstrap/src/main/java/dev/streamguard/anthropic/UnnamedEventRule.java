package dev.streamguard.anthropic;

import dev.streamguard.sse.SseEvent;
import java.util.Arrays;

/**
 * D18: some proxies send Anthropic events without {@code event:} lines (the type only inside the JSON);
 * anthropic-java skips unnamed events and sees an empty stream. The guard adds {@code event: <type>}.
 */
final class UnnamedEventRule {
    private UnnamedEventRule() {
    }

    /** The event name to add, or null when the event has one or its type is unknown. */
    static byte[] missingName(SseEvent event, byte[] buf, AnthropicEvent e) {
        if (event.hasEventName() || !e.type.hasText()) {
            return null;
        }
        return Arrays.copyOfRange(buf, e.type.textStart(), e.type.textEnd());
    }
}
