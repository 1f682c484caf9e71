package dev.streamguard.anthropic;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.core.RequestFacts;

/**
 * D17: LiteLLM's {@code /v1/messages} (Gemini, Gemma, Ollama, vertex_ai backends) sends {@code tool_use}
 * blocks with {@code input: {}} and no {@code input_json_delta}: the arguments are lost. When the
 * request's schema for that tool requires parameters, the stream fails with a message saying so; when it
 * requires none, or the request is unknown, the guard adds the empty {@code input_json_delta} that the
 * reference stream has.
 */
final class LostToolInputRule {
    private static final byte[] NOTHING = new byte[0];

    private LostToolInputRule() {
    }

    static boolean applies(ToolUseBlock block) {
        return block.isClientToolUse() && !block.gotInput;
    }

    /** The failure when the tool needs parameters; null when the empty input is the right repair. */
    static StreamGuardException failureIfRequired(ToolUseBlock block, RequestFacts request) {
        if (request.parametersOf(block.name) != RequestFacts.ToolParameters.REQUIRED) {
            return null;
        }
        return new StreamGuardException(StreamGuardException.Cause.MISSING_TOOL_INPUT, "tool_use block " + block.index
                + " (" + block.name + ") arrived with no input although the request's schema requires "
                + request.requiredParametersOf(block.name) + "; the upstream lost the tool arguments");
    }

    /** The empty delta the reference stream has for a tool without parameters. */
    static void emptyInput(ToolUseBlock block, ByteBuilder delta) {
        InputJsonDelta.write(block.index, NOTHING, 0, 0, delta);
    }
}
