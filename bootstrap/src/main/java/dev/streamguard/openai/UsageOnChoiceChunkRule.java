package dev.streamguard.openai;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.EventOutput;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;
import dev.streamguard.sse.SseEvent;

/**
 * D23 and D25: Gemini's OpenAI-compatible endpoint, DeepSeek and LiteLLM attach {@code usage} to the chunk
 * that finishes a choice (D23); several relays and SiliconFlow put it on every chunk (D25). openai-java's
 * accumulator takes the first chunk with {@code usage} for the last one, drops its choices and fails
 * ({@code `id` is required} or {@code `choices` is required}). Chunks with choices go out without
 * {@code usage}; the last usage seen goes out once, in a usage-only chunk ({@code choices: []}, the rest of
 * its chunk kept) just before {@code [DONE]}, unless the upstream's own usage-only chunk came after it.
 */
final class UsageOnChoiceChunkRule {
    private static final byte[] EMPTY_ARRAY = {'[', ']'};

    private final JsonEdits usageOnly = new JsonEdits();
    private final ByteBuilder pending = new ByteBuilder(0);
    private boolean hasPending;

    static boolean applies(OpenAiChunk chunk) {
        return chunk.usage.is(JsonKind.OBJECT) && chunk.choiceCount > 0;
    }

    /** Whether the chunk is the upstream's usage-only chunk (no choices, a usage object). */
    static boolean isUsageOnly(OpenAiChunk chunk) {
        return chunk.usage.is(JsonKind.OBJECT) && chunk.choiceCount == 0;
    }

    /**
     * Takes the usage off the chunk (into {@code edits}) and keeps its usage-only form for the end of the
     * stream; {@code identity} fills what that form lacks (D26). Returns the deviation it was.
     */
    Deviation apply(SseEvent event, OpenAiChunk chunk, JsonEdits edits, ChunkIdentity identity) {
        edits.remove(chunk.root, chunk.usage.member());
        byte[] buf = event.dataArray();
        usageOnly.clear();
        usageOnly.replace(chunk.choices.valueStart(), chunk.choices.valueEnd(), EMPTY_ARRAY);
        EmptyErrorRule.apply(chunk, usageOnly);
        identity.apply(buf, chunk, usageOnly);
        pending.clear();
        usageOnly.applyTo(buf, event.dataStart(), event.dataEnd(), pending);
        hasPending = true;
        for (int i = 0; i < chunk.choiceCount; i++) {
            if (chunk.choice(i).finishReason.isNonNull()) {
                return Deviation.D23;
            }
        }
        return Deviation.D25;
    }

    /** The upstream's usage-only chunk came: it carries the last usage. */
    void usageOnlyChunkPassed() {
        hasPending = false;
        pending.release();
    }

    /** The end of the stream: the last usage taken off a chunk goes out in its usage-only chunk. */
    void writePending(EventOutput out) {
        if (hasPending) {
            out.add(null, pending);
            usageOnlyChunkPassed();
        }
    }
}
