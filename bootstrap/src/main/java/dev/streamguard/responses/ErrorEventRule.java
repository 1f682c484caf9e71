package dev.streamguard.responses;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.UpstreamErrorRule;
import dev.streamguard.json.EmptyValue;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.MemberValue;

/**
 * R4: relays end a Responses stream with a flat {@code error} event ({@code code}, {@code message}), an error
 * object, or {@code response.failed}; LangChain4j waits forever on the first, and clients report a vague
 * "Response failed" for the last. The stream fails as D12 words it: {@code upstream error: <message> (<code>)}.
 */
final class ErrorEventRule {
    private static final byte[] ERROR = ResponsesJson.ascii("error");
    private static final byte[] RESPONSE_FAILED = ResponsesJson.ascii("response.failed");

    private ErrorEventRule() {
    }

    /** Whether the event reports an error that ends the stream. */
    static boolean applies(byte[] buf, ResponsesEvent e) {
        if (e.type.present()) {
            return e.type.textIs(buf, ERROR) || e.type.textIs(buf, RESPONSE_FAILED);
        }
        return (e.error.is(JsonKind.OBJECT) && !EmptyValue.is(buf, e.error.valueStart(), e.error.valueEnd()))
                || (e.flatMessage.isString() && (e.flatCode.hasText() || e.flatCode.is(JsonKind.NUMBER)));
    }

    static StreamGuardException failure(byte[] buf, ResponsesEvent e, StreamStats stats) {
        stats.count(Deviation.R4);
        MemberValue message;
        MemberValue code;
        if (e.type.textIs(buf, RESPONSE_FAILED)) {
            message = e.responseErrorMessage;
            code = e.responseErrorCode;
        } else if (e.error.is(JsonKind.OBJECT)) {
            message = e.errorMessage;
            code = e.errorCode;
        } else {
            message = e.flatMessage;
            code = e.flatCode;
        }
        return UpstreamErrorRule.failure(buf, message.isString() ? message.textStart() : -1, message.textEnd(),
                UpstreamErrorRule.code(buf, code));
    }
}
