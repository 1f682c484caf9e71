package dev.streamguard.openai;

import java.util.ArrayList;
import java.util.List;

/** One choice of the stream: whether it has spoken its role, called tools, finished; and its tool calls. */
final class ChoiceState {
    final int index;
    boolean roleSeen;
    boolean finished;
    boolean hadToolCalls;
    final List<ToolCallState> calls = new ArrayList<>(2);

    ChoiceState(int index) {
        this.index = index;
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

    /** The latest call the provider placed at this index (after D7 it may carry another index of ours). */
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

    int nextFreeIndex() {
        int i = 0;
        while (byIndex(i) != null) {
            i++;
        }
        return i;
    }
}
