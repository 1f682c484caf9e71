package dev.streamguard.openai;

import dev.streamguard.json.JsonEdits;

/**
 * D3: LiteLLM, sglang, DeepSeek and Qwen repeat the call's {@code id} on every delta; LangChain4j appends
 * it ({@code call_1call_1}) and Spring AI 1.x splits the call. The id is kept only on the first delta.
 */
final class RepeatedToolCallIdRule {
    private RepeatedToolCallIdRule() {
    }

    static boolean apply(ToolCallDelta t, boolean continuation, JsonEdits edits) {
        if (!continuation || !t.id.hasText()) {
            return false;
        }
        edits.remove(t.members, t.id.member());
        return true;
    }
}
