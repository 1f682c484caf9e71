package dev.streamguard.responses;

import dev.streamguard.json.JsonCursor;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.MalformedJsonException;
import dev.streamguard.json.MemberValue;
import java.nio.charset.StandardCharsets;

/** Reads one Responses event in a single pass, descending only into item, response and error. */
final class ResponsesEventScanner {
    private static final byte[] TYPE = ascii("type");
    private static final byte[] SEQUENCE_NUMBER = ascii("sequence_number");
    private static final byte[] OUTPUT_INDEX = ascii("output_index");
    private static final byte[] ITEM_ID = ascii("item_id");
    private static final byte[] DELTA = ascii("delta");
    private static final byte[] OBFUSCATION = ascii("obfuscation");
    private static final byte[] ARGUMENTS = ascii("arguments");
    private static final byte[] NAME = ascii("name");
    private static final byte[] ITEM = ascii("item");
    private static final byte[] RESPONSE = ascii("response");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] CODE = ascii("code");
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] ID = ascii("id");
    private static final byte[] CALL_ID = ascii("call_id");
    private static final byte[] OUTPUT = ascii("output");

    private final JsonCursor cur = new JsonCursor();

    /** Fills {@code event} from {@code buf[start, end)}; throws {@link MalformedJsonException} if it is not a JSON object. */
    void scan(byte[] buf, int start, int end, ResponsesEvent event) {
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
            } else if (cur.keyIs(SEQUENCE_NUMBER)) {
                JsonKind kind = cur.kind();
                event.sequence = cur.readIndex();
                event.sequenceNumber.set(m, kind, valueStart, cur.position());
            } else if (cur.keyIs(OUTPUT_INDEX)) {
                JsonKind kind = cur.kind();
                event.outputIndex = cur.readIndex();
                event.outputIndexValue.set(m, kind, valueStart, cur.position());
            } else if (cur.keyIs(ITEM_ID)) {
                cur.capture(event.itemId, m);
            } else if (cur.keyIs(DELTA)) {
                cur.capture(event.delta, m);
            } else if (cur.keyIs(OBFUSCATION)) {
                cur.capture(event.obfuscation, m);
            } else if (cur.keyIs(ARGUMENTS)) {
                cur.capture(event.arguments, m);
            } else if (cur.keyIs(NAME)) {
                cur.capture(event.name, m);
            } else if (cur.keyIs(ITEM) && cur.kind() == JsonKind.OBJECT) {
                readItem(event);
                event.itemValue.set(m, JsonKind.OBJECT, valueStart, cur.position());
            } else if (cur.keyIs(RESPONSE) && cur.kind() == JsonKind.OBJECT) {
                readResponse(event);
                event.responseValue.set(m, JsonKind.OBJECT, valueStart, cur.position());
            } else if (cur.keyIs(ERROR) && cur.kind() == JsonKind.OBJECT) {
                readError(event.errorCode, event.errorMessage);
                event.error.set(m, JsonKind.OBJECT, valueStart, cur.position());
            } else if (cur.keyIs(ERROR)) {
                cur.capture(event.error, m);
            } else if (cur.keyIs(CODE)) {
                cur.capture(event.flatCode, m);
            } else if (cur.keyIs(MESSAGE)) {
                cur.capture(event.flatMessage, m);
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

    private void readItem(ResponsesEvent event) {
        // A repeated item member replaces the first: nothing of that one may stay.
        event.itemIdValue.clear();
        event.itemType.clear();
        event.itemCallId.clear();
        event.itemName.clear();
        event.itemArguments.clear();
        cur.beginObject(event.item);
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            int m = event.item.count();
            int keyStart = cur.memberStart();
            int valueStart = cur.position();
            if (cur.keyIs(ID)) {
                cur.capture(event.itemIdValue, m);
            } else if (cur.keyIs(TYPE)) {
                cur.capture(event.itemType, m);
            } else if (cur.keyIs(CALL_ID)) {
                cur.capture(event.itemCallId, m);
            } else if (cur.keyIs(NAME)) {
                cur.capture(event.itemName, m);
            } else if (cur.keyIs(ARGUMENTS)) {
                cur.capture(event.itemArguments, m);
            } else {
                cur.skipValue();
            }
            cur.recordMember(event.item, keyStart, valueStart);
        }
        cur.endObject(event.item);
    }

    private void readResponse(ResponsesEvent event) {
        event.responseOutput.clear();
        event.responseErrorCode.clear();
        event.responseErrorMessage.clear();
        cur.beginObject(event.response);
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            int m = event.response.count();
            int keyStart = cur.memberStart();
            int valueStart = cur.position();
            if (cur.keyIs(OUTPUT)) {
                cur.capture(event.responseOutput, m);
            } else if (cur.keyIs(ERROR) && cur.kind() == JsonKind.OBJECT) {
                readError(event.responseErrorCode, event.responseErrorMessage);
            } else {
                cur.skipValue();
            }
            cur.recordMember(event.response, keyStart, valueStart);
        }
        cur.endObject(event.response);
    }

    private void readError(MemberValue code, MemberValue message) {
        code.clear();
        message.clear();
        cur.enterObject();
        boolean first = true;
        while (cur.nextMember(first)) {
            first = false;
            if (cur.keyIs(CODE)) {
                cur.capture(code, 0);
            } else if (cur.keyIs(MESSAGE)) {
                cur.capture(message, 0);
            } else {
                cur.skipValue();
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
