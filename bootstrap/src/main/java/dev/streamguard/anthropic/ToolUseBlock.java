package dev.streamguard.anthropic;

import dev.streamguard.core.ToolArguments;
import dev.streamguard.core.ToolCall;

/** One tool-use content block while it is open: its name, whether any input arrived, its arguments. */
final class ToolUseBlock implements ToolCall {
    final int index;
    final String type;
    final String name;
    boolean gotInput;
    private final ToolArguments arguments = new ToolArguments();

    ToolUseBlock(int index, String type, String name) {
        this.index = index;
        this.type = type;
        this.name = name;
    }

    /** A client-side {@code tool_use} (not a server tool), the only kind D17 applies to. */
    boolean isClientToolUse() {
        return "tool_use".equals(type);
    }

    @Override
    public ToolArguments arguments() {
        return arguments;
    }

    @Override
    public String describe() {
        return type + " block " + index + (name.isEmpty() ? "" : " (" + name + ")");
    }
}
