package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.json.JsonStrings;
import java.nio.charset.StandardCharsets;

/**
 * D45: vLLM's tool parsers (Gemma, Qwen), LM Studio and others sometimes leave a tool call in the text
 * ({@code <tool_call>{"name":…}</tool_call>}, {@code <|tool_call>call:…}) while the request declared tools:
 * no client parses it, so no tool runs and the user sees the markup. Followed only when the request declared
 * tools; the text is read fragment by fragment (a marker split across fragments is found too), decoded (Go
 * servers escape {@code <} as {@code \u003c}). Reported once per stream; fails it only with
 * {@code tool-calls.markup-in-text=fail}.
 */
public final class ToolCallMarkupRule {
    private static final byte[][] MARKERS = {
        ascii("<tool_call>"), ascii("<|tool_call>"), ascii("<|tool_call|>"), ascii("[TOOL_CALLS]"), ascii("<|python_tag|>")
    };
    private static final int LONGEST = 14;

    private final boolean active;
    private final boolean fail;
    private final StreamStats stats;
    private final ByteBuilder text = new ByteBuilder(0);
    private boolean reported;

    public ToolCallMarkupRule(boolean requestDeclaredTools, boolean fail, StreamStats stats) {
        this.active = requestDeclaredTools;
        this.fail = fail;
        this.stats = stats;
    }

    /** Whether the text must be read (the request declared tools, and no markup was found yet). */
    public boolean active() {
        return active && !reported;
    }

    /**
     * A fragment of the text of {@code part} {@code index} (e.g. choice 0), given as the raw content of a JSON
     * string. Counts D45 at the first marker; throws when configured to fail.
     */
    public void text(byte[] buf, int contentStart, int contentEnd, String part, int index) throws StreamGuardException {
        if (!active()) {
            return;
        }
        int kept = Math.min(text.length(), LONGEST - 1);
        if (kept < text.length()) {
            System.arraycopy(text.array(), text.length() - kept, text.array(), 0, kept);
            text.truncate(kept);
        }
        JsonStrings.decode(buf, contentStart, contentEnd, text);
        byte[] marker = find();
        if (marker == null) {
            return;
        }
        reported = true;
        stats.count(Deviation.D45);
        if (fail) {
            throw new StreamGuardException(StreamGuardException.Cause.TOOL_MARKUP, "the model wrote a tool call as text ("
                    + new String(marker, StandardCharsets.US_ASCII) + ") in " + part + " " + index + " instead of calling a tool ("
                    + "tool-calls.markup-in-text=fail)");
        }
    }

    private byte[] find() {
        byte[] t = text.array();
        for (byte[] m : MARKERS) {
            outer:
            for (int i = 0; i + m.length <= text.length(); i++) {
                for (int j = 0; j < m.length; j++) {
                    if (t[i + j] != m[j]) {
                        continue outer;
                    }
                }
                return m;
            }
        }
        return null;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
