package dev.streamguard.gemini;

import dev.streamguard.json.JsonCursor;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.MalformedJsonException;
import java.nio.charset.StandardCharsets;

/** Reads one Gemini chunk in a single pass, descending only into candidates, their parts, error and promptFeedback. */
final class GeminiChunkScanner {
    private static final byte[] CANDIDATES = ascii("candidates");
    private static final byte[] USAGE_METADATA = ascii("usageMetadata");
    private static final byte[] PROMPT_FEEDBACK = ascii("promptFeedback");
    private static final byte[] MODEL_VERSION = ascii("modelVersion");
    private static final byte[] RESPONSE_ID = ascii("responseId");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] CODE = ascii("code");
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] STATUS = ascii("status");
    private static final byte[] BLOCK_REASON = ascii("blockReason");
    private static final byte[] INDEX = ascii("index");
    private static final byte[] FINISH_REASON = ascii("finishReason");
    private static final byte[] FINISH_MESSAGE = ascii("finishMessage");
    private static final byte[] CONTENT = ascii("content");
    private static final byte[] PARTS = ascii("parts");
    private static final byte[] FUNCTION_CALL = ascii("functionCall");
    private static final byte[] NAME = ascii("name");
    private static final byte[] ARGS = ascii("args");
    private static final byte[] PARTIAL_ARGS = ascii("partialArgs");
    private static final byte[] WILL_CONTINUE = ascii("willContinue");
    private static final byte[] TEXT = ascii("text");
    private static final byte[] CANDIDATES_TOKEN_COUNT = ascii("candidatesTokenCount");
    private static final byte[] TOTAL_TOKEN_COUNT = ascii("totalTokenCount");

    private final JsonCursor cur = new JsonCursor();

    /** Fills {@code chunk} from {@code buf[start, end)}; throws {@link MalformedJsonException} if it is not a JSON object. */
    void scan(byte[] buf, int start, int end, GeminiChunk chunk) {
        chunk.clear();
        cur.reset(buf, start, end);
        cur.enterObject();
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            if (cur.keyIs(CANDIDATES) && cur.kind() == JsonKind.ARRAY) {
                chunk.gemini = true;
                readCandidates(chunk);
            } else if (cur.keyIs(ERROR) && cur.kind() == JsonKind.OBJECT) {
                int valueStart = cur.position();
                readError(chunk);
                chunk.error.set(0, JsonKind.OBJECT, valueStart, cur.position());
            } else if (cur.keyIs(PROMPT_FEEDBACK) && cur.kind() == JsonKind.OBJECT) {
                chunk.gemini = true;
                readPromptFeedback(chunk);
            } else if (cur.keyIs(USAGE_METADATA) && cur.kind() == JsonKind.OBJECT) {
                chunk.gemini = true;
                readUsage(chunk);
            } else {
                chunk.gemini |= cur.keyIs(USAGE_METADATA) || cur.keyIs(MODEL_VERSION) || cur.keyIs(RESPONSE_ID);
                cur.skipValue();
            }
        }
        if (!cur.atEnd()) {
            throw MalformedJsonException.INSTANCE;
        }
    }

    private void readCandidates(GeminiChunk chunk) {
        cur.enterArray();
        boolean first = true;
        int position = 0;
        while (cur.nextElement(first)) {
            first = false;
            if (cur.kind() != JsonKind.OBJECT || !chunk.addCandidate(position)) {
                cur.skipValue();
            } else {
                readCandidate(chunk, chunk.candidates - 1);
            }
            position++;
        }
    }

    /** A candidate without an {@code index} is known by its position in the array. */
    private void readCandidate(GeminiChunk chunk, int c) {
        cur.enterObject();
        int firstCall = chunk.calls;
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            if (cur.keyIs(INDEX)) {
                int index = cur.readIndex();
                if (index >= 0) {
                    chunk.candidateIndex[c] = index;
                }
            } else if (cur.keyIs(FINISH_REASON) && cur.kind() == JsonKind.STRING) {
                int valueStart = cur.position();
                int valueEnd = cur.skipValue();
                chunk.finishStart[c] = valueStart + 1;
                chunk.finishEnd[c] = valueEnd - 1;
            } else if (cur.keyIs(FINISH_MESSAGE) && cur.kind() == JsonKind.STRING) {
                int valueStart = cur.position();
                int valueEnd = cur.skipValue();
                chunk.finishMessageStart[c] = valueStart + 1;
                chunk.finishMessageEnd[c] = valueEnd - 1;
            } else if (cur.keyIs(CONTENT) && cur.kind() == JsonKind.OBJECT) {
                readContent(chunk, c);
            } else {
                cur.skipValue();
            }
        }
        // The index may come after the parts.
        for (int i = firstCall; i < chunk.calls; i++) {
            chunk.callCandidate[i] = chunk.candidateIndex[c];
        }
    }

    private void readContent(GeminiChunk chunk, int c) {
        cur.enterObject();
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            if (cur.keyIs(PARTS) && cur.kind() == JsonKind.ARRAY) {
                cur.enterArray();
                boolean firstPart = true;
                while (cur.nextElement(firstPart)) {
                    firstPart = false;
                    if (cur.kind() == JsonKind.OBJECT) {
                        readPart(chunk, c);
                    } else {
                        cur.skipValue();
                    }
                }
            } else {
                cur.skipValue();
            }
        }
    }

    private void readPart(GeminiChunk chunk, int c) {
        cur.enterObject();
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            if (cur.keyIs(FUNCTION_CALL) && cur.kind() == JsonKind.OBJECT && chunk.addCall(chunk.candidateIndex[c])) {
                readFunctionCall(chunk, chunk.calls - 1);
            } else if (cur.keyIs(TEXT) && cur.kind() == JsonKind.STRING) {
                int valueStart = cur.position();
                chunk.shapeSlot(valueStart + 1, cur.skipValue() - 1, false);
            } else {
                cur.skipValue();
            }
        }
    }

    private void readFunctionCall(GeminiChunk chunk, int k) {
        cur.enterObject();
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            int valueStart = cur.position();
            if (cur.keyIs(NAME) && cur.kind() == JsonKind.STRING) {
                int valueEnd = cur.skipValue();
                chunk.nameStart[k] = valueStart + 1;
                chunk.nameEnd[k] = valueEnd - 1;
            } else if (cur.keyIs(ARGS) && cur.kind() != JsonKind.NULL) {
                chunk.argsEnd[k] = cur.skipValue();
                chunk.argsStart[k] = valueStart;
            } else if (cur.keyIs(PARTIAL_ARGS) && cur.kind() == JsonKind.ARRAY) {
                chunk.partialEnd[k] = cur.skipValue();
                chunk.partialStart[k] = valueStart;
            } else if (cur.keyIs(WILL_CONTINUE) && cur.kind() == JsonKind.BOOLEAN) {
                chunk.willContinue[k] = cur.peek() == 't';
                cur.skipValue();
            } else {
                cur.skipValue();
            }
        }
    }

    private void readError(GeminiChunk chunk) {
        cur.enterObject();
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            if (cur.keyIs(CODE)) {
                cur.capture(chunk.errorCode, 0);
            } else if (cur.keyIs(MESSAGE)) {
                cur.capture(chunk.errorMessage, 0);
            } else if (cur.keyIs(STATUS)) {
                cur.capture(chunk.errorStatus, 0);
            } else {
                cur.skipValue();
            }
        }
    }

    /** The token counts that grow from chunk to chunk, as shape slots; the rest of the usage is skipped. */
    private void readUsage(GeminiChunk chunk) {
        cur.enterObject();
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            if ((cur.keyIs(CANDIDATES_TOKEN_COUNT) || cur.keyIs(TOTAL_TOKEN_COUNT)) && cur.kind() == JsonKind.NUMBER) {
                int valueStart = cur.position();
                chunk.shapeSlot(valueStart, cur.skipValue(), true);
            } else {
                cur.skipValue();
            }
        }
    }

    private void readPromptFeedback(GeminiChunk chunk) {
        cur.enterObject();
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            if (cur.keyIs(BLOCK_REASON)) {
                cur.capture(chunk.blockReason, 0);
            } else {
                cur.skipValue();
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
