package dev.streamguard.anthropic;

import dev.streamguard.json.JsonCursor;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.MalformedJsonException;
import dev.streamguard.json.MemberValue;
import java.nio.charset.StandardCharsets;

/** Reads one Anthropic event in a single pass, descending only into delta, content_block, message and error. */
final class AnthropicEventScanner {
    private static final byte[] TYPE = ascii("type");
    private static final byte[] INDEX = ascii("index");
    private static final byte[] DELTA = ascii("delta");
    private static final byte[] CONTENT_BLOCK = ascii("content_block");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] PARTIAL_JSON = ascii("partial_json");
    private static final byte[] STOP_REASON = ascii("stop_reason");
    private static final byte[] NAME = ascii("name");
    private static final byte[] INPUT = ascii("input");
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] TEXT = ascii("text");
    private static final byte[] THINKING = ascii("thinking");
    private static final byte[] SIGNATURE = ascii("signature");
    private static final byte[] ID = ascii("id");
    private static final byte[] USAGE = ascii("usage");
    private static final byte[] CODE = ascii("code");

    private final JsonCursor cur = new JsonCursor();

    /** Fills {@code event} from {@code buf[start, end)}; throws {@link MalformedJsonException} if it is not a JSON object. */
    void scan(byte[] buf, int start, int end, AnthropicEvent event) {
        event.clear();
        cur.reset(buf, start, end);
        cur.beginObject(event.root);
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            int m = event.root.count();
            int keyStart = cur.memberStart();
            int valueStart = cur.position();
            if (cur.keyIs(TYPE)) {
                cur.capture(event.type, m);
            } else if (cur.keyIs(INDEX)) {
                event.index = cur.readIndex();
                event.indexValue.set(m, JsonKind.NUMBER, valueStart, cur.position());
            } else if (cur.keyIs(DELTA) && cur.kind() == JsonKind.OBJECT) {
                readDelta(event);
            } else if (cur.keyIs(CONTENT_BLOCK) && cur.kind() == JsonKind.OBJECT) {
                readContentBlock(event);
            } else if (cur.keyIs(MESSAGE) && cur.kind() == JsonKind.OBJECT) {
                readMessage(event);
                event.messageObject.set(m, JsonKind.OBJECT, valueStart, cur.position());
            } else if (cur.keyIs(ERROR) && cur.kind() == JsonKind.OBJECT) {
                readError(event);
                event.error.set(m, JsonKind.OBJECT, valueStart, cur.position());
            } else if (cur.keyIs(ERROR)) {
                cur.capture(event.error, m);
            } else if (cur.keyIs(USAGE)) {
                cur.capture(event.usage, m);
            } else if (cur.keyIs(MESSAGE)) {
                cur.capture(event.flatMessage, m);
            } else if (cur.keyIs(CODE)) {
                cur.capture(event.flatCode, m);
            } else {
                cur.skipValue();
            }
            cur.recordMember(event.root, keyStart, valueStart);
        }
        cur.endObject(event.root);
        if (!cur.atEnd()) {
            throw MalformedJsonException.INSTANCE;
        }
    }

    private void readDelta(AnthropicEvent event) {
        cur.beginObject(event.delta);
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            int m = event.delta.count();
            int keyStart = cur.memberStart();
            int valueStart = cur.position();
            if (cur.keyIs(TYPE)) {
                cur.capture(event.deltaType, m);
            } else if (cur.keyIs(PARTIAL_JSON)) {
                cur.capture(event.partialJson, m);
            } else if (cur.keyIs(STOP_REASON)) {
                cur.capture(event.stopReason, m);
            } else if (cur.keyIs(SIGNATURE)) {
                cur.capture(event.deltaSignature, m);
                MemberValue s = event.deltaSignature;
                event.deltaPayload.set(m, s.kind(), s.valueStart(), s.valueEnd());
            } else if (cur.keyIs(TEXT) || cur.keyIs(THINKING)) {
                cur.capture(event.deltaPayload, m);
            } else {
                cur.skipValue();
            }
            cur.recordMember(event.delta, keyStart, valueStart);
        }
        cur.endObject(event.delta);
    }

    private void readContentBlock(AnthropicEvent event) {
        cur.beginObject(event.contentBlock);
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            int m = event.contentBlock.count();
            int keyStart = cur.memberStart();
            int valueStart = cur.position();
            if (cur.keyIs(TYPE)) {
                cur.capture(event.blockType, m);
            } else if (cur.keyIs(NAME)) {
                cur.capture(event.blockName, m);
            } else if (cur.keyIs(INPUT)) {
                cur.capture(event.blockInput, m);
            } else if (cur.keyIs(SIGNATURE)) {
                cur.capture(event.blockSignature, m);
            } else {
                cur.skipValue();
            }
            cur.recordMember(event.contentBlock, keyStart, valueStart);
        }
        cur.endObject(event.contentBlock);
    }

    private void readMessage(AnthropicEvent event) {
        cur.beginObject(event.message);
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            int m = event.message.count();
            int keyStart = cur.memberStart();
            int valueStart = cur.position();
            if (cur.keyIs(ID)) {
                cur.capture(event.messageId, m);
            } else if (cur.keyIs(USAGE)) {
                cur.capture(event.messageUsage, m);
            } else {
                cur.skipValue();
            }
            cur.recordMember(event.message, keyStart, valueStart);
        }
        cur.endObject(event.message);
    }

    private void readError(AnthropicEvent event) {
        cur.enterObject();
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            if (cur.keyIs(TYPE)) {
                cur.capture(event.errorType, 0);
            } else if (cur.keyIs(MESSAGE)) {
                cur.capture(event.errorMessage, 0);
            } else {
                cur.skipValue();
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
