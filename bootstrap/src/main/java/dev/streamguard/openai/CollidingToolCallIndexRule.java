package dev.streamguard.openai;

import dev.streamguard.json.JsonEdits;

/**
 * D7: Ollama and vLLM send parallel calls all at {@code index: 0} with different ids, and clients merge
 * them into one call with concatenated names and arguments. A new id at an index already in use gets the
 * next free index, and the provider's later deltas at that index follow it there.
 */
final class CollidingToolCallIndexRule {
    private CollidingToolCallIndexRule() {
    }

    static boolean apply(ToolCallDelta t, ToolCallState call, JsonEdits edits) {
        if (t.indexValue < 0 || t.indexValue == call.index) {
            return false;
        }
        edits.replace(t.index.valueStart(), t.index.valueEnd(), MissingToolCallIndexRule.number(call.index));
        return true;
    }
}
