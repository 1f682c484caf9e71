package dev.streamguard.core;

import dev.streamguard.json.EmptyValue;
import dev.streamguard.json.JsonCursor;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.JsonStrings;
import dev.streamguard.json.MalformedJsonException;
import dev.streamguard.sse.SseEvent;
import java.nio.charset.StandardCharsets;

/**
 * Recognises the protocol of a stream from one of its events: the first that shows it, not only the first
 * event (D44: a queueing gateway's status event may come first). Reads the top-level members only, plus the
 * {@code event:} name. An event too large to wait for is judged from the part that arrived.
 */
final class ProtocolDetector {
    private static final byte[] OBJECT = ascii("object");
    private static final byte[] CHOICES = ascii("choices");
    private static final byte[] TYPE = ascii("type");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] CHAT_CHUNK = ascii("chat.completion.chunk");
    private static final byte[] SEQUENCE_NUMBER = ascii("sequence_number");
    /** Top-level members that carry a Gemini response's content. */
    private static final byte[][] GEMINI_CONTENT_KEYS = {ascii("candidates"), ascii("promptFeedback")};
    /** Top-level members every Gemini response has beside them (other event streams may name a member "candidates"). */
    private static final byte[][] GEMINI_RESPONSE_KEYS = {ascii("usageMetadata"), ascii("modelVersion"), ascii("responseId")};
    /** Every Responses event type but {@code error} starts so. */
    private static final byte[] RESPONSES_TYPE_PREFIX = ascii("response.");
    private static final byte[][] ANTHROPIC_TYPES = {
        ascii("message_start"), ascii("content_block_start"), ascii("content_block_delta"), ascii("content_block_stop"),
        ascii("message_delta"), ascii("message_stop"), ascii("ping"), ascii("error")
    };
    /** Event names only Anthropic streams use ({@code ping} and {@code error} are shared with others). */
    private static final int ANTHROPIC_ONLY_NAMES = 6;
    /** Keys that only tool calls carry: an oversized event holding one is an LLM event, whatever came first. */
    private static final byte[][] TOOL_CALL_KEYS = {
        ascii("\"tool_calls\""), ascii("\"partial_json\""), ascii("\"arguments\""), ascii("\"input_json_delta\""),
        ascii("\"functionCall\"")
    };

    private final JsonCursor cursor = new JsonCursor();
    private final boolean responsesRequest;
    private final boolean geminiRequest;

    /**
     * @param responsesRequest whether the request went to a Responses endpoint (its path ends in
     *                         {@code /responses}): an {@code error} event that opens the stream is then that
     *                         protocol's, not Anthropic's
     * @param geminiRequest    whether the request went to Gemini's {@code :streamGenerateContent}: an error that
     *                         opens the stream is then Gemini's
     */
    ProtocolDetector(boolean responsesRequest, boolean geminiRequest) {
        this.responsesRequest = responsesRequest;
        this.geminiRequest = geminiRequest;
    }

    /**
     * The protocol a complete event shows, or UNKNOWN. An {@code error} alone shows OpenAI only in the first
     * data event ({@code first}): later in a stream of another kind it is that stream's own business.
     */
    Protocol detect(SseEvent event, boolean first) {
        Protocol byName = byEventName(event);
        if (byName != Protocol.UNKNOWN) {
            return byName;
        }
        return byMembers(event.dataArray(), event.dataStart(), event.dataEnd(), first);
    }

    /**
     * The protocol an event that outgrew the event cap shows in the part that arrived: by its name, its first
     * members, or a tool-call key anywhere in it.
     */
    Protocol detectPartial(SseEvent partial) {
        Protocol byName = byEventName(partial);
        if (byName != Protocol.UNKNOWN) {
            return byName;
        }
        int start = partial.partialDataStart();
        if (start < 0) {
            return Protocol.UNKNOWN;
        }
        byte[] raw = partial.rawArray();
        Protocol byMembers = byMembers(raw, start, partial.rawLength(), false);
        if (byMembers != Protocol.UNKNOWN) {
            return byMembers;
        }
        for (byte[] key : TOOL_CALL_KEYS) {
            if (contains(raw, start, partial.rawLength(), key)) {
                return key == TOOL_CALL_KEYS[0] || key == TOOL_CALL_KEYS[2] ? Protocol.OPENAI_CHAT
                        : key == TOOL_CALL_KEYS[4] ? Protocol.GEMINI : Protocol.ANTHROPIC_MESSAGES;
            }
        }
        return Protocol.UNKNOWN;
    }

    private static Protocol byEventName(SseEvent event) {
        if (!event.hasEventName()) {
            return Protocol.UNKNOWN;
        }
        if (JsonStrings.rawStartsWith(event.rawArray(), event.eventNameStart(), event.eventNameEnd(), RESPONSES_TYPE_PREFIX)) {
            return Protocol.OPENAI_RESPONSES;
        }
        for (int i = 0; i < ANTHROPIC_ONLY_NAMES; i++) {
            if (JsonStrings.rawEquals(event.rawArray(), event.eventNameStart(), event.eventNameEnd(), ANTHROPIC_TYPES[i])) {
                return Protocol.ANTHROPIC_MESSAGES;
            }
        }
        return Protocol.UNKNOWN;
    }

    /** Reads the members of the object in {@code data[start, end)}; data cut short is judged from what came. */
    private Protocol byMembers(byte[] data, int start, int end, boolean errorShowsOpenAi) {
        cursor.reset(data, start, end);
        boolean openAi = false;
        boolean anthropic = false;
        boolean error = false;
        boolean typed = false;
        boolean responses = false;
        boolean errorType = false;
        boolean sequenced = false;
        boolean geminiContent = false;
        boolean geminiResponse = false;
        try {
            if (cursor.peek() != '{') {
                return Protocol.UNKNOWN;
            }
            cursor.enterObject();
            boolean first = true;
            while (cursor.nextMember(first)) {
                first = false;
                if (cursor.keyIs(CHOICES)) {
                    openAi = true;
                } else if (cursor.keyIs(OBJECT) && cursor.kind() == JsonKind.STRING) {
                    int valueStart = cursor.position();
                    int valueEnd = cursor.skipValue();
                    openAi |= JsonStrings.rawEquals(data, valueStart + 1, valueEnd - 1, CHAT_CHUNK);
                    continue;
                } else if (cursor.keyIs(TYPE) && cursor.kind() == JsonKind.STRING) {
                    typed = true;
                    int valueStart = cursor.position();
                    int valueEnd = cursor.skipValue();
                    responses |= JsonStrings.rawStartsWith(data, valueStart + 1, valueEnd - 1, RESPONSES_TYPE_PREFIX);
                    errorType |= JsonStrings.rawEquals(data, valueStart + 1, valueEnd - 1, ERROR);
                    anthropic |= isAnthropicType(data, valueStart + 1, valueEnd - 1);
                    continue;
                } else if (cursor.keyIs(SEQUENCE_NUMBER)) {
                    sequenced = true;
                } else if (keyIsOneOf(GEMINI_CONTENT_KEYS)) {
                    geminiContent = true;
                } else if (keyIsOneOf(GEMINI_RESPONSE_KEYS)) {
                    geminiResponse = true;
                } else if (cursor.keyIs(ERROR)) {
                    int valueStart = cursor.position();
                    int valueEnd = cursor.skipValue();
                    error |= !EmptyValue.is(data, valueStart, valueEnd);
                    continue;
                }
                cursor.skipValue();
            }
        } catch (MalformedJsonException e) {
            // Judged from the members read before the data stopped making sense.
        }
        if (responses || (errorType && (sequenced || responsesRequest))) {
            // An error event that opens a Responses stream carries a sequence number, or came from its endpoint.
            return Protocol.OPENAI_RESPONSES;
        }
        if (anthropic) {
            return Protocol.ANTHROPIC_MESSAGES;
        }
        boolean gemini = geminiContent && (geminiResponse || geminiRequest);
        if ((gemini && !openAi && !typed) || (errorShowsOpenAi && error && !typed && !openAi && geminiRequest)) {
            return Protocol.GEMINI;
        }
        if (errorShowsOpenAi && error && !typed && responsesRequest && !openAi) {
            return Protocol.OPENAI_RESPONSES;
        }
        if (openAi || (errorShowsOpenAi && error && !typed)) {
            return Protocol.OPENAI_CHAT;
        }
        return Protocol.UNKNOWN;
    }

    private boolean keyIsOneOf(byte[][] keys) {
        for (byte[] key : keys) {
            if (cursor.keyIs(key)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAnthropicType(byte[] data, int start, int end) {
        for (byte[] type : ANTHROPIC_TYPES) {
            if (JsonStrings.rawEquals(data, start, end, type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(byte[] data, int start, int end, byte[] text) {
        outer:
        for (int i = start; i <= end - text.length; i++) {
            for (int j = 0; j < text.length; j++) {
                if (data[i + j] != text[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
