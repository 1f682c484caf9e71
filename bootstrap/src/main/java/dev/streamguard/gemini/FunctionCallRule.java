package dev.streamguard.gemini;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.core.Cap;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.ToolArgumentFlow;
import dev.streamguard.json.JsonStrings;
import java.util.ArrayList;
import java.util.List;

/**
 * G3: a glitched model can stream a function call of any size, and google-genai and LangChain4j hold it whole
 * (an OutOfMemoryError at 256 MiB). Every call is charged to the caps of the other protocols: per call, per
 * stream, and the number of calls (the event cap holds each chunk). A whole call's {@code args} count as their
 * JSON text, which is checked as JSON; a call streamed in parts ({@code partialArgs} with {@code willContinue},
 * from Vertex AI's {@code streamFunctionCallArguments}) counts the bytes of its {@code partialArgs} across its
 * parts, up to the part that does not continue.
 */
final class FunctionCallRule {
    /** How much of a name messages quote. */
    private static final int MAX_NAME = 256;

    private final ToolArgumentFlow arguments;
    private final StreamStats stats;
    /** Streamed calls still open: one per candidate at most. */
    private final List<FunctionCall> open = new ArrayList<>();
    private int calls;

    FunctionCallRule(ToolArgumentFlow arguments, StreamStats stats) {
        this.arguments = arguments;
        this.stats = stats;
    }

    void apply(byte[] buf, GeminiChunk chunk) throws StreamGuardException {
        if (chunk.callsOverflow) {
            stats.capHit(Cap.CHUNK_FUNCTION_CALLS);
            throw new StreamGuardException(StreamGuardException.Cause.CAP_EXCEEDED, "a chunk carries more than "
                    + GeminiChunk.MAX_RECORDED + " function calls, the most the guard follows in one chunk");
        }
        for (int k = 0; k < chunk.calls; k++) {
            int candidate = chunk.callCandidate[k];
            FunctionCall streaming = openCallOf(candidate);
            if (streaming == null && chunk.nameStart[k] < 0 && chunk.argsStart[k] < 0 && chunk.partialStart[k] < 0) {
                // An empty part that ends nothing: no call.
                continue;
            }
            FunctionCall call = streaming;
            if (chunk.nameStart[k] >= 0 || streaming == null) {
                if (streaming != null) {
                    // A new call ends the one streaming before it.
                    end(streaming);
                }
                call = new FunctionCall(calls++, name(buf, chunk, k), candidate);
                arguments.startCall(call);
            }
            if (chunk.argsStart[k] >= 0) {
                arguments.addText(call, buf, chunk.argsStart[k], chunk.argsEnd[k]);
            }
            if (chunk.partialStart[k] >= 0) {
                long bytes = chunk.partialEnd[k] - chunk.partialStart[k];
                call.partialBytes += bytes;
                arguments.chargeValues(call, call.arguments().length() + call.partialBytes, bytes);
            }
            if (!chunk.willContinue[k]) {
                end(call);
            } else if (call != streaming) {
                open.add(call);
            }
        }
    }

    /** The streamed calls still open, for the message of a cut stream. */
    List<FunctionCall> open() {
        return open;
    }

    private void end(FunctionCall call) throws StreamGuardException {
        open.remove(call);
        arguments.end(call);
    }

    private FunctionCall openCallOf(int candidate) {
        for (FunctionCall call : open) {
            if (call.candidate == candidate) {
                return call;
            }
        }
        return null;
    }

    private static String name(byte[] buf, GeminiChunk chunk, int k) {
        if (chunk.nameStart[k] < 0) {
            return "";
        }
        int end = Math.min(chunk.nameEnd[k], chunk.nameStart[k] + MAX_NAME);
        ByteBuilder decoded = new ByteBuilder(end - chunk.nameStart[k]);
        JsonStrings.decode(buf, chunk.nameStart[k], end, decoded);
        return decoded.toString();
    }
}
