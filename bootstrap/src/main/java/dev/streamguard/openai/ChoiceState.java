package dev.streamguard.openai;

import java.util.ArrayList;
import java.util.List;

/** One choice of the stream: whether it has spoken its role, called tools, finished; and its tool calls. */
final class ChoiceState {
    final int index;
    boolean roleSeen;
    /** A finish of the choice went out, or is held back with the chunk that carries it (D24). */
    boolean finished;
    boolean hadToolCalls;
    /** The finish reason as the client gets it, once the choice finished. */
    byte[] finishReason;
    /** The finish is in the chunk held back until the next event shows whether it was the choice's last (D24). */
    boolean finishHeld;
    /** The choice finished too early (more deltas came): its finish goes out at the end of the stream (D24). */
    boolean finishPending;
    final List<ToolCallState> calls = new ArrayList<>(2);

    ChoiceState(int index) {
        this.index = index;
    }

    /** Whether the choice has its finish, out or still to come at the end of the stream. */
    boolean hasFinish() {
        return finished || finishPending;
    }

    ToolCallState byIndex(int ourIndex) {
        for (ToolCallState c : calls) {
            if (c.index == ourIndex) {
                return c;
            }
        }
        return null;
    }

    ToolCallState byId(long fingerprint, int length) {
        for (ToolCallState c : calls) {
            if (c.idLength == length && c.idFingerprint == fingerprint) {
                return c;
            }
        }
        return null;
    }

    /** The latest call the provider placed at this index (after D7 or D34 it may carry another index of ours). */
    ToolCallState byProviderIndex(int providerIndex) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).providerIndex == providerIndex) {
                return calls.get(i);
            }
        }
        return null;
    }

    ToolCallState mostRecent() {
        return calls.isEmpty() ? null : calls.get(calls.size() - 1);
    }

    /** The index of the next new call: calls are numbered densely in order of first appearance (D7, D34). */
    int nextIndex() {
        return calls.size();
    }
}
