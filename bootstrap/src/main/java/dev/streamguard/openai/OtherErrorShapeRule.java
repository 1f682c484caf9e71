package dev.streamguard.openai;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.UpstreamErrorRule;
import dev.streamguard.sse.SseEvent;
import java.nio.charset.StandardCharsets;

/**
 * D31: DashScope reports a failure as {@code event: error} with {@code {"code":…,"message":…,"request_id":…}}
 * (after a {@code :HTTP_STATUS/429} comment), and relays as a flat {@code {"code":…,"message":…}}. openai-java
 * reads it as a chunk and fails on a missing {@code id}, Spring AI on missing {@code choices}, LangChain4j
 * completes with the text cut short. The stream fails as for D12, with the code:
 * {@code streamguard: upstream error: <message> (<code>)}.
 */
final class OtherErrorShapeRule {
    private static final byte[] ERROR = "error".getBytes(StandardCharsets.US_ASCII);

    private OtherErrorShapeRule() {
    }

    /** A chunk with no choices or usage that is an error: named {@code error}, or a flat code and message. */
    static boolean applies(SseEvent event, OpenAiChunk chunk) {
        if (chunk.choices.present() || chunk.usage.present()) {
            return false;
        }
        return isNamedError(event) || (chunk.messageStart >= 0 && chunk.code.isNonNull());
    }

    static StreamGuardException failure(byte[] buf, OpenAiChunk chunk) {
        return UpstreamErrorRule.failure(buf, chunk.messageStart, chunk.messageEnd, UpstreamErrorRule.code(buf, chunk.code));
    }

    private static boolean isNamedError(SseEvent event) {
        return event.hasEventName() && event.eventNameIs(ERROR);
    }
}
