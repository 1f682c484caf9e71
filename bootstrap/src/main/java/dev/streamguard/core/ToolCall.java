package dev.streamguard.core;

/** A tool call (OpenAI) or tool_use block (Anthropic) whose arguments the guard follows. */
public interface ToolCall {
    ToolArguments arguments();

    /** How messages name it, e.g. {@code tool call 0 (get_weather)}. */
    String describe();
}
