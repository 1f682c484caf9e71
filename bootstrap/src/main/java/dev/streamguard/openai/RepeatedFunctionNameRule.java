package dev.streamguard.openai;

import dev.streamguard.core.Fingerprint;
import dev.streamguard.json.JsonEdits;

/**
 * D4: MiniMax (via NIM) and older llama.cpp repeat the full {@code function.name} on every delta, and
 * LangChain4j appends it ({@code get_weatherget_weather}). A continuation name equal to the whole name
 * so far is dropped; any other name is a genuine fragment (some providers split names) and is kept.
 */
final class RepeatedFunctionNameRule {
    private RepeatedFunctionNameRule() {
    }

    /** Applies the rule, or records the name (fragment) the delta carries. */
    static boolean apply(byte[] buf, ToolCallDelta t, ToolCallState call, boolean continuation, JsonEdits edits) {
        if (!t.name.hasText()) {
            return false;
        }
        int start = t.name.textStart();
        int end = t.name.textEnd();
        if (continuation && end - start == call.nameLength
                && Fingerprint.of(buf, start, end - start) == call.nameFingerprint) {
            edits.remove(t.function, t.name.member());
            return true;
        }
        call.appendName(buf, start, end);
        return false;
    }
}
