package dev.streamguard.openai;

import dev.streamguard.json.JsonEdits;

/**
 * D2: LiteLLM and Ollama send {@code "role":"assistant"} on every chunk; clients that concatenate build
 * {@code assistantassistant}. The role is kept only on the first chunk of a choice that carries one.
 */
final class RepeatedRoleRule {
    private RepeatedRoleRule() {
    }

    static boolean apply(ChoiceDelta c, ChoiceState choice, JsonEdits edits) {
        if (!c.role.isNonNull()) {
            return false;
        }
        if (!choice.roleSeen) {
            choice.roleSeen = true;
            return false;
        }
        edits.remove(c.delta, c.role.member());
        return true;
    }
}
