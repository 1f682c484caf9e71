package dev.streamguard.anthropic;

import dev.streamguard.core.EventOutput;
import java.nio.charset.StandardCharsets;

/**
 * D19: the body ends before {@code message_stop}. When a {@code message_delta} already carried the
 * {@code stop_reason}, only the terminator is missing and the guard adds it; otherwise the stream was cut
 * and fails as D15 (LangChain4j's Anthropic client would otherwise wait forever).
 */
final class MissingMessageStopRule {
    private static final byte[] NAME = "message_stop".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "{\"type\":\"message_stop\"}".getBytes(StandardCharsets.US_ASCII);

    private MissingMessageStopRule() {
    }

    static void apply(EventOutput out) {
        out.add(NAME, DATA, 0, DATA.length);
    }
}
