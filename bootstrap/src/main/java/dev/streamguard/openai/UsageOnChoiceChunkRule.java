package dev.streamguard.openai;

import dev.streamguard.core.EventOutput;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;
import dev.streamguard.sse.SseEvent;

/**
 * D23: Gemini's OpenAI-compatible endpoint, DeepSeek and LiteLLM attach {@code usage} to a chunk that
 * still carries choices; openai-java's accumulator takes it for the usage-only chunk, drops its choices and
 * fails. The chunk is split: first without {@code usage}, then a usage-only chunk with {@code choices: []}.
 */
final class UsageOnChoiceChunkRule {
    private static final byte[] EMPTY_ARRAY = {'[', ']'};

    private UsageOnChoiceChunkRule() {
    }

    static boolean applies(OpenAiChunk chunk) {
        return chunk.usage.is(JsonKind.OBJECT) && chunk.choiceCount > 0;
    }

    static void apply(SseEvent event, OpenAiChunk chunk, JsonEdits edits, JsonEdits usageOnly, EventOutput out) {
        edits.remove(chunk.root, chunk.usage.member());
        out.rewrite(event, edits, null);
        usageOnly.clear();
        usageOnly.replace(chunk.choices.valueStart(), chunk.choices.valueEnd(), EMPTY_ARRAY);
        out.rewrite(event, usageOnly, null);
    }
}
