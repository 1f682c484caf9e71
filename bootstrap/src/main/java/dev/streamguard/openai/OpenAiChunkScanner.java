package dev.streamguard.openai;

import dev.streamguard.json.EmptyValue;
import dev.streamguard.json.JsonCursor;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.JsonStrings;
import dev.streamguard.json.MalformedJsonException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one chunk in a single pass, descending only into {@code choices[].delta.tool_calls[].function}
 * and skipping every other value, and records the positions the rules need. Allocates nothing.
 */
final class OpenAiChunkScanner {
    private static final byte[] CHOICES = ascii("choices");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] USAGE = ascii("usage");
    private static final byte[] OBJECT = ascii("object");
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] INDEX = ascii("index");
    private static final byte[] DELTA = ascii("delta");
    private static final byte[] FINISH_REASON = ascii("finish_reason");
    private static final byte[] ROLE = ascii("role");
    private static final byte[] CONTENT = ascii("content");
    private static final byte[] TOOL_CALLS = ascii("tool_calls");
    private static final byte[] ID = ascii("id");
    private static final byte[] TYPE = ascii("type");
    private static final byte[] FUNCTION = ascii("function");
    private static final byte[] NAME = ascii("name");
    private static final byte[] ARGUMENTS = ascii("arguments");
    private static final byte[] OBFUSCATION = ascii("obfuscation");
    private static final byte[] CREATED = ascii("created");
    private static final byte[] MODEL = ascii("model");
    private static final byte[] CODE = ascii("code");
    private static final byte[] REASONING = ascii("reasoning");
    private static final byte[] REASONING_CONTENT = ascii("reasoning_content");

    private final JsonCursor cur = new JsonCursor();

    /** Fills {@code chunk} from {@code buf[start, end)}; throws {@link MalformedJsonException} if it is not a JSON object. */
    void scan(byte[] buf, int start, int end, OpenAiChunk chunk) {
        chunk.clear();
        cur.reset(buf, start, end);
        cur.beginObject(chunk.root);
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            int m = chunk.root.count();
            int keyStart = cur.memberStart();
            int valueStart = cur.position();
            if (cur.keyIs(CHOICES) && cur.kind() == JsonKind.ARRAY) {
                readChoices(chunk);
                chunk.choices.set(m, JsonKind.ARRAY, valueStart, cur.position());
            } else if (cur.keyIs(ERROR)) {
                JsonKind kind = cur.kind();
                readError(chunk, buf);
                chunk.error.set(m, kind, valueStart, cur.position());
            } else if (cur.keyIs(USAGE)) {
                cur.capture(chunk.usage, m);
            } else if (cur.keyIs(OBFUSCATION)) {
                cur.capture(chunk.obfuscation, m);
            } else if (cur.keyIs(ID)) {
                cur.capture(chunk.id, m);
            } else if (cur.keyIs(CREATED)) {
                cur.capture(chunk.created, m);
            } else if (cur.keyIs(MODEL)) {
                cur.capture(chunk.model, m);
            } else if (cur.keyIs(OBJECT) && cur.kind() == JsonKind.STRING) {
                int valueEnd = cur.skipValue();
                chunk.isError |= JsonStrings.rawEquals(buf, valueStart + 1, valueEnd - 1, ERROR);
            } else if (cur.keyIs(MESSAGE) && cur.kind() == JsonKind.STRING) {
                chunk.messageStart = valueStart + 1;
                chunk.messageEnd = cur.skipValue() - 1;
            } else if (cur.keyIs(CODE)) {
                cur.capture(chunk.code, m);
            } else {
                cur.skipValue();
            }
            cur.recordMember(chunk.root, keyStart, valueStart);
        }
        cur.endObject(chunk.root);
        if (!cur.atEnd()) {
            throw malformed();
        }
        if (chunk.isError && chunk.errorMessageStart < 0 && chunk.messageStart >= 0) {
            chunk.errorMessageStart = chunk.messageStart;
            chunk.errorMessageEnd = chunk.messageEnd;
        }
    }

    /** An error with content; {@code null}, {@code false}, {@code ""}, {@code {}} and {@code []} are none (D30). */
    private void readError(OpenAiChunk chunk, byte[] buf) {
        JsonKind kind = cur.kind();
        int start = cur.position();
        if (kind != JsonKind.OBJECT) {
            int end = cur.skipValue();
            if (!EmptyValue.is(buf, start, end)) {
                chunk.isError = true;
                if (kind == JsonKind.STRING) {
                    chunk.errorMessageStart = start + 1;
                    chunk.errorMessageEnd = end - 1;
                }
            }
            return;
        }
        cur.enterObject();
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            chunk.isError = true;
            if (cur.keyIs(MESSAGE) && cur.kind() == JsonKind.STRING) {
                int s = cur.position();
                chunk.errorMessageStart = s + 1;
                chunk.errorMessageEnd = cur.skipValue() - 1;
            } else {
                cur.skipValue();
            }
        }
    }

    private void readChoices(OpenAiChunk chunk) {
        cur.enterArray();
        boolean first = true;
        while (cur.nextElement(first)) {
            first = false;
            if (cur.kind() == JsonKind.OBJECT) {
                readChoice(chunk.addChoice());
            } else {
                cur.skipValue();
            }
        }
    }

    private void readChoice(ChoiceDelta c) {
        cur.beginObject(c.members);
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            int m = c.members.count();
            int keyStart = cur.memberStart();
            int valueStart = cur.position();
            if (cur.keyIs(DELTA) && cur.kind() == JsonKind.OBJECT) {
                c.hasDelta = true;
                readDelta(c);
            } else if (cur.keyIs(INDEX)) {
                c.index = cur.readIndex();
            } else if (cur.keyIs(FINISH_REASON)) {
                cur.capture(c.finishReason, m);
            } else {
                cur.skipValue();
            }
            cur.recordMember(c.members, keyStart, valueStart);
        }
        cur.endObject(c.members);
    }

    private void readDelta(ChoiceDelta c) {
        cur.beginObject(c.delta);
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            int m = c.delta.count();
            int keyStart = cur.memberStart();
            int valueStart = cur.position();
            if (cur.keyIs(CONTENT)) {
                cur.capture(c.content, m);
                c.hasContent |= c.content.hasText() || c.content.is(JsonKind.ARRAY);
            } else if (cur.keyIs(TOOL_CALLS) && cur.kind() == JsonKind.ARRAY) {
                readToolCalls(c);
            } else if (cur.keyIs(ROLE)) {
                cur.capture(c.role, m);
            } else if (cur.keyIs(REASONING)) {
                cur.capture(c.reasoning, m);
            } else if (cur.keyIs(REASONING_CONTENT)) {
                cur.capture(c.reasoningContent, m);
            } else {
                cur.skipValue();
            }
            cur.recordMember(c.delta, keyStart, valueStart);
        }
        cur.endObject(c.delta);
    }

    private void readToolCalls(ChoiceDelta c) {
        cur.enterArray();
        boolean first = true;
        while (cur.nextElement(first)) {
            first = false;
            if (cur.kind() == JsonKind.OBJECT) {
                readToolCall(c.addToolCall());
            } else {
                cur.skipValue();
            }
        }
    }

    private void readToolCall(ToolCallDelta t) {
        cur.beginObject(t.members);
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            int m = t.members.count();
            int keyStart = cur.memberStart();
            int valueStart = cur.position();
            if (cur.keyIs(FUNCTION) && cur.kind() == JsonKind.OBJECT) {
                t.functionMember = m;
                t.functionPresent = true;
                readFunction(t);
            } else if (cur.keyIs(FUNCTION)) {
                t.functionPresent = true;
                cur.skipValue();
            } else if (cur.keyIs(INDEX)) {
                JsonKind k = cur.kind();
                t.indexValue = cur.readIndex();
                t.index.set(m, k, valueStart, cur.position());
                t.signedIndex = t.indexValue >= 0 ? t.indexValue : negativeIndex(cur.buffer(), valueStart, cur.position());
            } else if (cur.keyIs(ID)) {
                cur.capture(t.id, m);
            } else if (cur.keyIs(TYPE)) {
                cur.capture(t.type, m);
            } else {
                cur.skipValue();
            }
            cur.recordMember(t.members, keyStart, valueStart);
        }
        cur.endObject(t.members);
    }

    private void readFunction(ToolCallDelta t) {
        cur.beginObject(t.function);
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            int m = t.function.count();
            int keyStart = cur.memberStart();
            int valueStart = cur.position();
            if (cur.keyIs(ARGUMENTS)) {
                cur.capture(t.arguments, m);
            } else if (cur.keyIs(NAME)) {
                cur.capture(t.name, m);
            } else {
                cur.skipValue();
            }
            cur.recordMember(t.function, keyStart, valueStart);
        }
        cur.endObject(t.function);
    }

    /** A negative integer index ({@code -1}) as relays translating block indexes send (D34); NO_INDEX for anything else. */
    private static int negativeIndex(byte[] buf, int start, int end) {
        if (end - start < 2 || end - start > 10 || buf[start] != '-') {
            return ToolCallDelta.NO_INDEX;
        }
        int v = 0;
        for (int i = start + 1; i < end; i++) {
            if (buf[i] < '0' || buf[i] > '9') {
                return ToolCallDelta.NO_INDEX;
            }
            v = v * 10 + (buf[i] - '0');
        }
        return -v;
    }

    private static MalformedJsonException malformed() {
        return MalformedJsonException.INSTANCE;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
