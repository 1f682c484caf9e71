package dev.streamguard.anthropic;

import dev.streamguard.StreamGuardException;

/**
 * D36: Ollama's Anthropic endpoint and some relays start a content block while another is still open, or use
 * a block index again. anthropic-java throws {@code Content block already started for index 0} on any index
 * it has seen before, even after that block's {@code content_block_stop}; LangChain4j loses the text of a
 * text block that never stops; Spring AI merges two open tool_use blocks into one call. The guard ends the
 * open block with the stop it lacks (a stop the upstream sends for it later is dropped), and a block whose
 * index was used before gets the next index above all used ones, its deltas and stop with it. More content
 * for a block the guard ended cannot be delivered in order: the stream fails.
 *
 * <p>This class keeps the numbering: one open block (its upstream and client index), the highest client
 * index used, and the last few blocks the guard ended, whose own stop may still come.
 */
final class ReusedBlockIndexRule {
    /** How many blocks ended by the guard are remembered for their late stops; the oldest is forgotten first. */
    private static final int REMEMBERED = 8;

    private int openIndex = -1;
    private int openClientIndex = -1;
    private int highest = -1;
    private final int[] ended = new int[REMEMBERED];
    private int endedCount;

    boolean hasOpenBlock() {
        return openIndex >= 0;
    }

    /** The index the client knows the open block by, or -1. */
    int openClientIndex() {
        return openClientIndex;
    }

    /**
     * Whether a block starting at {@code index} must move: the index is at or below one already used, a reuse (or
     * it would sort this block before earlier ones), and there is an index left above.
     */
    boolean mustMove(int index) {
        return index <= highest && highest < Integer.MAX_VALUE;
    }

    /**
     * A block starts at the upstream's index {@code index} (0 or more), no block being open: returns the index the
     * client gets, the next above all used when {@link #mustMove}.
     */
    int start(int index) {
        forget(index);
        int client = mustMove(index) ? highest + 1 : index;
        highest = Math.max(highest, client);
        openIndex = index;
        openClientIndex = client;
        return client;
    }

    /** The index the client knows the block of upstream index {@code index} by. */
    int clientIndex(int index) {
        return index == openIndex ? openClientIndex : index;
    }

    boolean isOpen(int index) {
        return index >= 0 && index == openIndex;
    }

    /** The open block's own content_block_stop arrived. */
    void stopped() {
        openIndex = -1;
        openClientIndex = -1;
    }

    /** The guard ended the open block (its stop was added): a stop the upstream sends for it later is not its to send. */
    void endedByGuard() {
        if (endedCount == REMEMBERED) {
            System.arraycopy(ended, 1, ended, 0, REMEMBERED - 1);
            endedCount--;
        }
        ended[endedCount++] = openIndex;
        stopped();
    }

    /** Whether {@code index} names a block the guard ended, and no block started at that index since. */
    boolean wasEndedByGuard(int index) {
        if (index < 0 || index == openIndex) {
            return false;
        }
        for (int i = 0; i < endedCount; i++) {
            if (ended[i] == index) {
                return true;
            }
        }
        return false;
    }

    /** The upstream's late stop of a block the guard ended arrived (it is dropped), or the index names a new block. */
    void forget(int index) {
        for (int i = 0; i < endedCount; i++) {
            if (ended[i] == index) {
                System.arraycopy(ended, i + 1, ended, i, endedCount - i - 1);
                endedCount--;
                return;
            }
        }
    }

    /** The failure for content sent to a block the guard had already ended. */
    static StreamGuardException contentAfterEnd(int index) {
        return new StreamGuardException(StreamGuardException.Cause.INCOHERENT_STREAM, "content block " + index
                + " got more content after another block had started (the guard ended it there); the upstream "
                + "interleaves content blocks, which clients merge or lose");
    }
}
