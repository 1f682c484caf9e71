package dev.streamguard.core;

/** A tool call (OpenAI) or tool_use block (Anthropic) whose arguments the guard follows. */
public interface ToolCall {
    ToolArguments arguments();

    /** How messages name it, e.g. {@code tool call 0 (get_weather)}. */
    String describe();

    /**
     * The deviation of the call's own protocol under which a cap hit (D20) or invalid JSON (D21) of its arguments
     * is counted too (R6 for a Responses function call), or null.
     */
    default Deviation argumentProblemsAlsoCountedAs() {
        return null;
    }
}
