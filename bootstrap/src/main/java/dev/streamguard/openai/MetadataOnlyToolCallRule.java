package dev.streamguard.openai;

import dev.streamguard.json.JsonEdits;
import java.nio.charset.StandardCharsets;

/**
 * D35: Gemini's OpenAI-compatible endpoint and Vertex send tool-call deltas that carry only metadata
 * ({@code extra_content.google.thought_signature}), with no {@code function} and often no {@code index}.
 * openai-java fails ({@code Tool call chunk missing function}, or {@code `index` is not set}), and Spring AI
 * too without an index. Such a delta becomes a continuation of the call it follows: it gets that call's
 * index (by D6's rule) and empty arguments, and keeps every member it had.
 */
final class MetadataOnlyToolCallRule {
    private static final byte[] EMPTY_FUNCTION = "\"function\":{\"arguments\":\"\"}".getBytes(StandardCharsets.US_ASCII);

    private MetadataOnlyToolCallRule() {
    }

    /** A delta with neither function, id nor type: nothing of a call's own but maybe its index. */
    static boolean applies(ToolCallDelta t) {
        return !t.functionPresent && !t.id.present() && !t.type.present();
    }

    /** A delta without a function object (metadata only, or left so by another rule) gets empty arguments. */
    static void addFunction(ToolCallDelta t, JsonEdits edits) {
        edits.insertFirst(t.members, EMPTY_FUNCTION);
    }
}
