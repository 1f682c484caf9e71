package dev.streamguard.openai;

import dev.streamguard.json.JsonEdits;

/**
 * D30: Foundry Local and some gateways put {@code "error": null} (or {@code false}, {@code ""}, {@code {}})
 * on every chunk; openai-java fails on any {@code error} member, and a guard that took it for an error would
 * fail a working stream. Only an error with content is one (D12); an empty one is removed.
 */
final class EmptyErrorRule {
    private EmptyErrorRule() {
    }

    static boolean apply(OpenAiChunk chunk, JsonEdits edits) {
        if (!chunk.error.present() || chunk.isError) {
            return false;
        }
        edits.remove(chunk.root, chunk.error.member());
        return true;
    }
}
