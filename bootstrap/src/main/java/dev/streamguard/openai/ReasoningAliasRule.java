package dev.streamguard.openai;

import dev.streamguard.json.JsonEdits;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * D33: vLLM 0.9 and later, Ollama, OpenRouter and NIM stream thinking as {@code delta.reasoning}, where
 * clients written for DeepSeek's shape read {@code delta.reasoning_content}. The text is also given as
 * {@code reasoning_content} where the delta has none; {@code reasoning} stays for the clients that read it.
 */
final class ReasoningAliasRule {
    private static final byte[] KEY = "\"reasoning_content\":".getBytes(StandardCharsets.US_ASCII);

    private ReasoningAliasRule() {
    }

    static boolean apply(byte[] buf, ChoiceDelta c, JsonEdits edits) {
        if (!c.reasoning.isString() || c.reasoningContent.present()) {
            return false;
        }
        byte[] member = Arrays.copyOf(KEY, KEY.length + c.reasoning.valueEnd() - c.reasoning.valueStart());
        System.arraycopy(buf, c.reasoning.valueStart(), member, KEY.length, c.reasoning.valueEnd() - c.reasoning.valueStart());
        edits.insertFirst(c.delta, member);
        return true;
    }
}
