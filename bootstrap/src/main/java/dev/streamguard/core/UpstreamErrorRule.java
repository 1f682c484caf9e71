package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.JsonStrings;
import dev.streamguard.json.MemberValue;
import java.nio.charset.StandardCharsets;

/**
 * D12: vLLM, sglang and OpenRouter report a failure mid-stream as {@code data: {"error": {...}}} (often
 * followed by {@code [DONE]}), which clients ignore or fail on obscurely. The stream fails with
 * {@code streamguard: upstream error: <message>}.
 */
public final class UpstreamErrorRule {
    private static final int MAX_MESSAGE = 300;

    private UpstreamErrorRule() {
    }

    /** The failure for an error whose message is the raw JSON string content {@code buf[start, end)} (start < 0: none). */
    public static StreamGuardException failure(byte[] buf, int start, int end) {
        return failure(buf, start, end, null);
    }

    /** The same, with the error's code when it has one (D31: {@code upstream error: <message> (<code>)}). */
    public static StreamGuardException failure(byte[] buf, int start, int end, String code) {
        return new StreamGuardException(StreamGuardException.Cause.UPSTREAM_ERROR, "upstream error: " + message(buf, start, end)
                + (code == null || code.isEmpty() ? "" : " (" + code + ")"));
    }

    /** An error's code as text: a string's content or a number as written; null for anything else. */
    public static String code(byte[] buf, MemberValue code) {
        if (code.isString()) {
            return message(buf, code.textStart(), code.textEnd());
        }
        if (code.is(JsonKind.NUMBER)) {
            return new String(buf, code.valueStart(), code.valueEnd() - code.valueStart(), StandardCharsets.US_ASCII);
        }
        return null;
    }

    /** The message as readable text, shortened and without control characters; a placeholder when there is none. */
    public static String message(byte[] buf, int start, int end) {
        if (start < 0 || end <= start) {
            return "(the error carried no message)";
        }
        ByteBuilder decoded = new ByteBuilder(end - start);
        JsonStrings.decode(buf, start, end, decoded);
        String text = new String(decoded.array(), 0, decoded.length(), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_MESSAGE));
        for (int i = 0; i < text.length() && sb.length() < MAX_MESSAGE; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (text.length() > MAX_MESSAGE) {
            sb.append("...");
        }
        return sb.toString();
    }
}
