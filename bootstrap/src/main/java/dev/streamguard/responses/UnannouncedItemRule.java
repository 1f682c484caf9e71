package dev.streamguard.responses;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.core.EventOutput;
import dev.streamguard.json.JsonCursor;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.MalformedJsonException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * R3, the missing announcement: llama.cpp and vLLM stream {@code function_call_arguments.delta} for an item whose
 * {@code output_item.added} never came, and LangChain4j drops those arguments. The guard writes the
 * {@code output_item.added} the reference stream has. It needs the function's name, which such upstreams send
 * only at the end of the call ({@code function_call_arguments.done} or {@code output_item.done}): until then the
 * call's events, and those after them, are held (bounded by the event cap; past it, or at the terminal event,
 * the announcement goes out with what is known).
 */
final class UnannouncedItemRule {
    private static final byte[] ADDED = "response.output_item.added".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_STRING = {'"', '"'};
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CALL_ID = "call_id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NAME = "name".getBytes(StandardCharsets.US_ASCII);

    private OutputItem held;
    private long sequence;

    boolean holding() {
        return held != null;
    }

    boolean holds(OutputItem item) {
        return held == item;
    }

    /** The item's events wait from the one in hand on; its announcement will carry number {@code sequenceNumber}. */
    void start(OutputItem item, long sequenceNumber) {
        held = item;
        sequence = sequenceNumber;
    }

    /** An item announced where the event in hand stands, with nothing held (its first event was its end). */
    static void announceNow(OutputItem item, long sequenceNumber, EventOutput out) {
        out.add(ADDED, json(item, sequenceNumber));
        item.announced = true;
    }

    /**
     * The terminal event arrived while the held call's call id or name was still unknown: they are taken from its
     * item in the terminal event's {@code output} (JSON array {@code buf[start, end)}), where it is there.
     */
    void learnFromOutput(byte[] buf, int start, int end) {
        JsonCursor cur = new JsonCursor().reset(buf, start, end);
        try {
            cur.enterArray();
            boolean first = true;
            while (cur.nextElement(first)) {
                first = false;
                if (cur.kind() != JsonKind.OBJECT) {
                    cur.skipValue();
                    continue;
                }
                cur.enterObject();
                int id = -1;
                int idEnd = -1;
                int callId = -1;
                int callIdEnd = -1;
                int name = -1;
                int nameEnd = -1;
                boolean firstMember = true;
                while (cur.nextMember(firstMember)) {
                    firstMember = false;
                    boolean string = cur.kind() == JsonKind.STRING;
                    int valueStart = cur.position();
                    if (string && cur.keyIs(ID)) {
                        id = valueStart;
                        idEnd = cur.skipValue();
                    } else if (string && cur.keyIs(CALL_ID)) {
                        callId = valueStart;
                        callIdEnd = cur.skipValue();
                    } else if (string && cur.keyIs(NAME)) {
                        name = valueStart;
                        nameEnd = cur.skipValue();
                    } else {
                        cur.skipValue();
                    }
                }
                if (id >= 0 && held.hasId(buf, id, idEnd)) {
                    if (held.callIdJson == null && callId >= 0) {
                        held.callIdJson = Arrays.copyOfRange(buf, callId, callIdEnd);
                    }
                    if (held.nameJson == null && name >= 0) {
                        held.nameJson = Arrays.copyOfRange(buf, name, nameEnd);
                    }
                    return;
                }
            }
        } catch (MalformedJsonException e) {
            // An output the guard cannot read gives nothing: the announcement goes out with what is known.
        }
    }

    /** Writes the held item's {@code output_item.added}, then everything held after it. */
    void announce(EventOutput out) {
        announceNow(held, sequence, out);
        out.release(false);
        held = null;
    }

    private static ByteBuilder json(OutputItem item, long sequenceNumber) {
        ByteBuilder json = new ByteBuilder(160);
        json.appendAscii("{\"type\":\"response.output_item.added\",\"sequence_number\":").appendDecimal(sequenceNumber)
                .appendAscii(",\"output_index\":").appendDecimal(item.index)
                .appendAscii(",\"item\":{\"id\":").append(item.idJson)
                .appendAscii(",\"type\":\"function_call\",\"status\":\"in_progress\",\"arguments\":\"\",\"call_id\":")
                .append(item.callIdJson != null ? item.callIdJson : item.idJson)
                .appendAscii(",\"name\":").append(item.nameJson != null ? item.nameJson : EMPTY_STRING)
                .appendAscii("}}");
        return json;
    }
}
