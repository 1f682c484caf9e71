package dev.streamguard.anthropic;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.core.UpstreamErrorRule;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;
import dev.streamguard.sse.SseEvent;

/**
 * D31, in an Anthropic stream: DashScope (with a {@code :HTTP_STATUS/429} comment) and relays report a failure
 * as {@code event: error} with a flat {@code {"code":...,"message":...}}, or as that flat object with no event
 * name. anthropic-java reports the raw JSON of the first and loses the second ({@code 'message_stop' event not
 * yet received}); LangChain4j waits forever on both (it looks for {@code error.message}); Spring AI loses the
 * second. The event becomes the reference {@code error} event: {@code "type":"error"} and an {@code error}
 * object whose type is the code and whose message is the upstream's, the event's other members kept.
 */
final class FlatErrorRule {
    private FlatErrorRule() {
    }

    static boolean applies(SseEvent sse, AnthropicEvent e) {
        return !e.type.present() && !e.error.present() && e.flatMessage.isString()
                && (e.flatCode.hasText() || e.flatCode.is(JsonKind.NUMBER)) && ErrorEventName.fits(sse);
    }

    static void apply(byte[] buf, AnthropicEvent e, JsonEdits edits) {
        ByteBuilder member = new ByteBuilder(64 + e.flatMessage.valueEnd() - e.flatMessage.valueStart());
        member.appendAscii("\"type\":\"error\",\"error\":{\"type\":");
        if (e.flatCode.isString()) {
            member.append(buf, e.flatCode.valueStart(), e.flatCode.valueEnd() - e.flatCode.valueStart());
        } else {
            member.append((byte) '"').append(buf, e.flatCode.valueStart(), e.flatCode.valueEnd() - e.flatCode.valueStart())
                    .append((byte) '"');
        }
        member.appendAscii(",\"message\":")
                .append(buf, e.flatMessage.valueStart(), e.flatMessage.valueEnd() - e.flatMessage.valueStart())
                .append((byte) '}');
        edits.insertFirst(e.root, member.toByteArray());
        edits.remove(e.root, e.flatCode.member());
        edits.remove(e.root, e.flatMessage.member());
    }

    /** As D12 reports it, with the code: {@code upstream error: <message> (<code>)}. */
    static StreamGuardException failure(byte[] buf, AnthropicEvent e) {
        return UpstreamErrorRule.failure(buf, e.flatMessage.textStart(), e.flatMessage.textEnd(), UpstreamErrorRule.code(buf, e.flatCode));
    }
}
