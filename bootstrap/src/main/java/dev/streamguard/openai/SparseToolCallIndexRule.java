package dev.streamguard.openai;

import dev.streamguard.core.Deviation;
import dev.streamguard.json.JsonEdits;

/**
 * D34: relays translating from Anthropic block indexes number tool calls from 1, below 0, or with gaps;
 * LangChain4j's streaming callbacks then report a phantom call 0, or fail on a negative index. Calls are
 * numbered densely in order of first appearance, and every delta of a call carries the call's number (which
 * is also how a call moved by D7 keeps its new index).
 */
final class SparseToolCallIndexRule {
    private SparseToolCallIndexRule() {
    }

    /** Rewrites an index the provider gave that is not the call's; returns the deviation it was, or null. */
    static Deviation apply(ToolCallDelta t, ToolCallState call, JsonEdits edits) {
        if (!t.hasIndex() || t.signedIndex == call.index) {
            return null;
        }
        edits.replace(t.index.valueStart(), t.index.valueEnd(), MissingToolCallIndexRule.number(call.index));
        return call.movedByCollision ? Deviation.D7 : Deviation.D34;
    }
}
