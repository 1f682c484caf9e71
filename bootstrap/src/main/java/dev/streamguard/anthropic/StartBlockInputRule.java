package dev.streamguard.anthropic;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;

/**
 * D16: relays that synthesize Anthropic SSE put the whole tool input in {@code content_block_start} and
 * send no {@code input_json_delta}; anthropic-java throws {@code Missing input JSON for index N} and
 * LangChain4j and Spring AI see empty arguments. The input moves into one {@code input_json_delta} right
 * after the start, whose input becomes {@code {}} as in the reference stream.
 */
final class StartBlockInputRule {
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private StartBlockInputRule() {
    }

    static boolean applies(byte[] buf, AnthropicEvent e) {
        if (!e.blockInput.is(JsonKind.OBJECT)) {
            return false;
        }
        for (int i = e.blockInput.valueStart() + 1; i < e.blockInput.valueEnd() - 1; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return true;
            }
        }
        return false;
    }

    /** Empties the start's input and writes the delta that carries it to block {@code index} into {@code delta}. */
    static void apply(int index, byte[] buf, AnthropicEvent e, JsonEdits edits, ByteBuilder delta) {
        InputJsonDelta.write(index, buf, e.blockInput.valueStart(), e.blockInput.valueEnd(), delta);
        edits.replace(e.blockInput.valueStart(), e.blockInput.valueEnd(), EMPTY_OBJECT);
    }
}
