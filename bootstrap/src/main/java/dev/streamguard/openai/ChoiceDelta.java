package dev.streamguard.openai;

import dev.streamguard.json.MemberValue;
import dev.streamguard.json.ObjectMembers;
import java.util.Arrays;

/** Where the fields of one {@code choices[i]} element sit in the chunk. */
final class ChoiceDelta {
    final ObjectMembers members = new ObjectMembers();
    final ObjectMembers delta = new ObjectMembers();
    final MemberValue finishReason = new MemberValue();
    final MemberValue role = new MemberValue();
    final MemberValue content = new MemberValue();
    final MemberValue reasoning = new MemberValue();
    final MemberValue reasoningContent = new MemberValue();
    int index;
    boolean hasDelta;
    boolean hasContent;
    int toolCallCount;
    private ToolCallDelta[] toolCalls = new ToolCallDelta[2];

    void clear() {
        index = -1;
        hasDelta = false;
        hasContent = false;
        toolCallCount = 0;
        finishReason.clear();
        role.clear();
        content.clear();
        reasoning.clear();
        reasoningContent.clear();
    }

    ToolCallDelta toolCall(int i) {
        return toolCalls[i];
    }

    ToolCallDelta addToolCall() {
        if (toolCallCount == toolCalls.length) {
            toolCalls = Arrays.copyOf(toolCalls, toolCallCount * 2);
        }
        ToolCallDelta t = toolCalls[toolCallCount];
        if (t == null) {
            t = new ToolCallDelta();
            toolCalls[toolCallCount] = t;
        }
        toolCallCount++;
        t.clear();
        return t;
    }
}
