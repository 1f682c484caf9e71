package dev.streamguard.openai;

import dev.streamguard.json.JsonEdits;

/**
 * D27, the part that must never break a working stream: Ollama (gpt-oss), vLLM tool parsers and some relays
 * send a call's {@code id} only after its first delta, or change it within the call. Accumulators key a call
 * by its index and keep the first id they see, so such a call reads correctly without the guard: the guard
 * must not take the id for a new call (D7 moves only a different id on a delta that starts a call, with a
 * name). A late id becomes the call's id and stays where it is; a changed id is dropped, the first one kept.
 */
final class LateToolCallIdRule {
    enum Match { NONE, LATE_ID, CHANGED_ID }

    private LateToolCallIdRule() {
    }

    /** Whether a delta with an id the choice has not seen belongs to {@code existing}, the call it would otherwise join. */
    static Match classify(ToolCallDelta t, ToolCallState existing) {
        if (existing == null) {
            return Match.NONE;
        }
        if (!existing.hasId()) {
            // A named delta after an id-less call that has its name and whole arguments starts another call.
            boolean anotherCall = t.name.hasText() && existing.nameLength > 0
                    && existing.arguments().isComplete();
            return anotherCall ? Match.NONE : Match.LATE_ID;
        }
        return t.indexValue >= 0 && !t.name.hasText() ? Match.CHANGED_ID : Match.NONE;
    }

    static void apply(Match match, ToolCallDelta t, ToolCallState call, long idFingerprint, int idLength, JsonEdits edits) {
        if (match == Match.LATE_ID) {
            call.adoptId(idFingerprint, idLength);
        } else {
            edits.remove(t.members, t.id.member());
        }
    }
}
