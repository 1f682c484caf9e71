package dev.streamguard.gemini;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.UpstreamErrorRule;
import dev.streamguard.json.EmptyValue;
import dev.streamguard.json.JsonKind;

/**
 * G2: under load Gemini reports a failure inside the stream as {@code {"error":{"code":503,"message":...,
 * "status":"UNAVAILABLE"}}}; LangChain4j ignores it and completes with what came before. google-genai raises it as
 * its own {@code ServerException} with the code, which an application may retry on: so the chunk goes out, and the
 * stream fails after it as D12 does, {@code streamguard: upstream error: <message> (<code> <status>)}, for a client
 * that read on.
 */
final class ErrorChunkRule {
    private ErrorChunkRule() {
    }

    static boolean applies(byte[] buf, GeminiChunk chunk) {
        return chunk.error.is(JsonKind.OBJECT) && !EmptyValue.is(buf, chunk.error.valueStart(), chunk.error.valueEnd());
    }

    static StreamGuardException failure(byte[] buf, GeminiChunk chunk, StreamStats stats) {
        stats.count(Deviation.G2);
        String code = UpstreamErrorRule.code(buf, chunk.errorCode);
        String status = UpstreamErrorRule.code(buf, chunk.errorStatus);
        String both = code == null ? status : status == null ? code : code + " " + status;
        return UpstreamErrorRule.failure(buf, chunk.errorMessage.isString() ? chunk.errorMessage.textStart() : -1,
                chunk.errorMessage.textEnd(), both);
    }
}
