package dev.streamguard.anthropic;

import dev.streamguard.json.EmptyValue;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;
import dev.streamguard.sse.SseEvent;
import java.nio.charset.StandardCharsets;

/**
 * D40: LiteLLM and Antigravity relays report a failure inside an Anthropic stream as
 * {@code data: {"error":{...}}}, with no {@code event:} name and no {@code "type":"error"}. Every Anthropic
 * client skips an unnamed event, so the error is lost: anthropic-java then says
 * {@code 'message_stop' event not yet received}, LangChain4j waits forever, Spring AI ends as if the answer were
 * complete. The event becomes the reference {@code error} event ({@code event: error}, {@code "type":"error"}
 * first, the error object as it came), which each client reports with the upstream's message.
 */
final class UntypedErrorRule {
    private static final byte[] TYPE_MEMBER = "\"type\":\"error\"".getBytes(StandardCharsets.US_ASCII);

    private UntypedErrorRule() {
    }

    static boolean applies(SseEvent sse, byte[] buf, AnthropicEvent e) {
        return !e.type.present() && e.error.is(JsonKind.OBJECT) && !EmptyValue.is(buf, e.error.valueStart(), e.error.valueEnd())
                && ErrorEventName.fits(sse);
    }

    static void apply(AnthropicEvent e, JsonEdits edits) {
        edits.insertFirst(e.root, TYPE_MEMBER);
    }
}
