package dev.streamguard.openai;

import dev.streamguard.json.JsonEdits;

/**
 * D1: LiteLLM and LM Studio put {@code "type":"function"} on every tool-call delta, and clients that
 * concatenate fields build {@code functionfunction...}. The type is kept only on a call's first delta.
 */
final class RepeatedToolTypeRule {
    private RepeatedToolTypeRule() {
    }

    static boolean apply(ToolCallDelta t, boolean continuation, JsonEdits edits) {
        if (!continuation || !t.type.hasText()) {
            return false;
        }
        edits.remove(t.members, t.type.member());
        return true;
    }
}
