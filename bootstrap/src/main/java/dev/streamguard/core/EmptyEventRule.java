package dev.streamguard.core;

import dev.streamguard.sse.SseEvent;
import java.util.Arrays;

/**
 * D29: CLI proxies, bifrost and gateways send events that carry nothing: {@code data:} or {@code data: } alone,
 * {@code retry:}-only blocks, or an {@code event:} line cut from its {@code data:} by an injected
 * {@code : keep-alive} and blank line. openai-java and Spring AI hand the application a null chunk for empty
 * data; anthropic-java loses the event whose name went missing. Such events are dropped, and a lone event name
 * joins the data-only event that follows it. A block of comments alone is a keep-alive and stays.
 */
public final class EmptyEventRule {
    private static final int MAX_NAME = 64;

    private byte[] cutName;

    /** Whether the event carries nothing a client could use: no data (but fields), or blank data. */
    public static boolean isEmpty(SseEvent event) {
        return event.hasData() ? event.hasBlankData() : event.hasFields();
    }

    /**
     * Drops an empty event (true, counted), remembering the name of a lone {@code event:} block for the next
     * data event; false for any other event.
     */
    public boolean dropIfEmpty(SseEvent event, EventOutput out, StreamStats stats) {
        if (!isEmpty(event)) {
            return false;
        }
        stats.count(Deviation.D29);
        out.drop();
        cutName = !event.hasData() && event.hasEventName() && event.eventNameEnd() - event.eventNameStart() <= MAX_NAME
                ? Arrays.copyOfRange(event.rawArray(), event.eventNameStart(), event.eventNameEnd()) : null;
        return true;
    }

    /**
     * The name a data event gets back: the lone {@code event:} line's just before it, when it has none of its
     * own; null otherwise. Any data event ends the wait.
     */
    public byte[] rejoinedName(SseEvent event) {
        byte[] name = event.hasEventName() ? null : cutName;
        cutName = null;
        return name;
    }
}
