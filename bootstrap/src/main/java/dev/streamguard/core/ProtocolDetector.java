package dev.streamguard.core;

import dev.streamguard.json.JsonCursor;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.MalformedJsonException;
import dev.streamguard.sse.SseEvent;

/** Recognises the protocol from the first event that carries data. */
final class ProtocolDetector {
    private static final byte[] OBJECT = bytes("object");
    private static final byte[] CHOICES = bytes("choices");
    private static final byte[] TYPE = bytes("type");
    private static final byte[] ERROR = bytes("error");
    private static final byte[] CHAT_CHUNK = bytes("chat.completion.chunk");
    private static final String[] ANTHROPIC_TYPES = {
        "message_start", "content_block_start", "content_block_delta", "content_block_stop",
        "message_delta", "message_stop", "ping", "error"
    };

    private ProtocolDetector() {
    }

    static Protocol detect(SseEvent event) {
        byte[] data = event.dataArray();
        JsonCursor cursor = new JsonCursor().reset(data, event.dataStart(), event.dataEnd());
        try {
            if (cursor.peek() != '{') {
                return Protocol.UNKNOWN;
            }
            cursor.enterObject();
            boolean openAi = false;
            boolean anthropic = false;
            boolean error = false;
            boolean typed = false;
            boolean first = true;
            while (cursor.nextMember(first)) {
                first = false;
                if (cursor.keyIs(CHOICES)) {
                    openAi = true;
                } else if (cursor.keyIs(OBJECT) && cursor.kind() == JsonKind.STRING) {
                    int start = cursor.position();
                    int end = cursor.skipValue();
                    openAi |= rawIs(data, start + 1, end - 1, CHAT_CHUNK);
                    continue;
                } else if (cursor.keyIs(TYPE) && cursor.kind() == JsonKind.STRING) {
                    typed = true;
                    int start = cursor.position();
                    int end = cursor.skipValue();
                    anthropic |= isAnthropicType(data, start + 1, end - 1);
                    continue;
                } else if (cursor.keyIs(ERROR)) {
                    error = true;
                }
                cursor.skipValue();
            }
            if (anthropic) {
                return Protocol.ANTHROPIC_MESSAGES;
            }
            if (openAi || (error && !typed)) {
                return Protocol.OPENAI_CHAT;
            }
            return Protocol.UNKNOWN;
        } catch (MalformedJsonException e) {
            return Protocol.UNKNOWN;
        }
    }

    private static boolean isAnthropicType(byte[] data, int start, int end) {
        for (String type : ANTHROPIC_TYPES) {
            if (rawIs(data, start, end, bytes(type))) {
                return true;
            }
        }
        return false;
    }

    private static boolean rawIs(byte[] data, int start, int end, byte[] text) {
        return dev.streamguard.json.JsonStrings.rawEquals(data, start, end, text);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
