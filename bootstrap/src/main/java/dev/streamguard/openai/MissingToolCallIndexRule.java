package dev.streamguard.openai;

import dev.streamguard.json.JsonEdits;
import java.nio.charset.StandardCharsets;

/**
 * D6: Gemini's OpenAI-compatible endpoint and older Ollama send tool-call deltas without {@code index};
 * openai-java throws {@code `index` is not set} and LangChain4j fails with a NullPointerException. The
 * guard writes the index of the call the delta belongs to (a new id starts a new index).
 */
final class MissingToolCallIndexRule {
    private MissingToolCallIndexRule() {
    }

    static boolean apply(ToolCallDelta t, ToolCallState call, JsonEdits edits) {
        if (t.hasIndex()) {
            return false;
        }
        if (t.index.present()) {
            edits.replace(t.index.valueStart(), t.index.valueEnd(), number(call.index));
        } else {
            edits.insertFirst(t.members, ("\"index\":" + call.index).getBytes(StandardCharsets.US_ASCII));
        }
        return true;
    }

    static byte[] number(int n) {
        return Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
    }
}
