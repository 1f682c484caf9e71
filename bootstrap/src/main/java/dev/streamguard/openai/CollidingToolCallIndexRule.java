package dev.streamguard.openai;

/**
 * D7: Ollama and vLLM send parallel calls all at {@code index: 0} with different ids, and clients merge
 * them into one call with concatenated names and arguments. A new call at an index the provider already gave
 * another takes the next index of ours, and the provider's later deltas at that index follow it there
 * ({@link SparseToolCallIndexRule} writes the index).
 */
final class CollidingToolCallIndexRule {
    private CollidingToolCallIndexRule() {
    }

    static boolean collides(ToolCallDelta t, ChoiceState choice) {
        return t.hasIndex() && choice.byProviderIndex(t.signedIndex) != null;
    }
}
