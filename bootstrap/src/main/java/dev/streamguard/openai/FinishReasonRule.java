package dev.streamguard.openai;

import dev.streamguard.json.JsonEdits;
import java.nio.charset.StandardCharsets;

/**
 * D11: Gemini's OpenAI-compatible endpoint and Ollama end a choice that called tools with
 * {@code finish_reason:"stop"} (or {@code ""}), and clients that run tools only on {@code tool_calls}
 * skip them. After tool calls, {@code "stop"} becomes {@code "tool_calls"}, and so does {@code ""} on a
 * chunk that only finishes; any other {@code ""} means no finish and becomes {@code null}, as in the
 * reference stream.
 */
final class FinishReasonRule {
    private static final byte[] STOP = "stop".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TOOL_CALLS = "\"tool_calls\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    enum Result { NO_FINISH, FINISH, REPAIRED_FINISH, REPAIRED_NO_FINISH }

    private FinishReasonRule() {
    }

    static Result apply(byte[] buf, ChoiceDelta c, ChoiceState choice, JsonEdits edits) {
        if (!c.finishReason.isString()) {
            return Result.NO_FINISH;
        }
        int start = c.finishReason.valueStart();
        int end = c.finishReason.valueEnd();
        if (c.finishReason.isEmptyString()) {
            if (choice.hadToolCalls && !choice.finished && c.toolCallCount == 0 && !c.hasContent) {
                edits.replace(start, end, TOOL_CALLS);
                return Result.REPAIRED_FINISH;
            }
            edits.replace(start, end, NULL);
            return Result.REPAIRED_NO_FINISH;
        }
        if (choice.hadToolCalls && c.finishReason.textIs(buf, STOP)) {
            edits.replace(start, end, TOOL_CALLS);
            return Result.REPAIRED_FINISH;
        }
        return Result.FINISH;
    }
}
