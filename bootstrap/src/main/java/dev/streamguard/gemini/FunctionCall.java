package dev.streamguard.gemini;

import dev.streamguard.core.Deviation;
import dev.streamguard.core.ToolArguments;
import dev.streamguard.core.ToolCall;

/** One function call of a Gemini stream: a whole {@code functionCall} part, or the parts of a streamed one. */
final class FunctionCall implements ToolCall {
    private final ToolArguments arguments = new ToolArguments();
    private final int number;
    private final String name;
    final int candidate;
    /** Bytes of streamed {@code partialArgs} so far: values, not JSON text, so charged but not checked. */
    long partialBytes;

    FunctionCall(int number, String name, int candidate) {
        this.number = number;
        this.name = name;
        this.candidate = candidate;
    }

    @Override
    public ToolArguments arguments() {
        return arguments;
    }

    @Override
    public String describe() {
        return "function call " + number + (name.isEmpty() ? "" : " (" + name + ")");
    }

    /** G3: a cap hit on a Gemini call's arguments is counted as G3 too. */
    @Override
    public Deviation argumentProblemsAlsoCountedAs() {
        return Deviation.G3;
    }
}
