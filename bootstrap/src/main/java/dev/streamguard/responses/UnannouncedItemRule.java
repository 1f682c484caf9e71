package dev.streamguard.responses;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.core.EventOutput;
import dev.streamguard.json.JsonCursor;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.MalformedJsonException;
import dev.streamguard.json.MemberValue;
import dev.streamguard.json.ShortText;

/**
 * R3, the missing announcement: llama.cpp and vLLM stream {@code function_call_arguments.delta} for an item whose
 * {@code output_item.added} never came, and LangChain4j loses such calls. The guard writes the
 * {@code output_item.added} the reference stream has. It needs the function's name and call id, which such
 * upstreams send only at the end of the call ({@code function_call_arguments.done}, {@code output_item.done}):
 * until then the call's events, and those after them, are held. One call is held at a time: another call that
 * starts unannounced first releases the held one, announced with what is known. The hold ends at the event
 * that makes the name and call id known, at the terminal event (with what its output says of the call), or
 * once it holds more than the event cap; what is not known then is written as an empty name and, for the call
 * id, the item's id.
 */
final class UnannouncedItemRule {
    private static final byte[] ADDED = ResponsesJson.ascii("response.output_item.added");
    private static final byte[] ID = ResponsesJson.ascii("id");
    private static final byte[] CALL_ID = ResponsesJson.ascii("call_id");
    private static final byte[] NAME = ResponsesJson.ascii("name");

    private OutputItem held;
    private long heldSequence;
    /** A held call whose hold ended in the event in hand: announced, with what was held, before that event. */
    private OutputItem releasing;
    private long releasingSequence;

    boolean holding() {
        return held != null;
    }

    boolean holds(OutputItem item) {
        return held == item;
    }

    /**
     * The item's events wait from the one in hand on; its announcement will carry number {@code sequenceNumber}.
     * A call held already is released first.
     */
    void start(OutputItem item, long sequenceNumber) {
        release();
        held = item;
        heldSequence = sequenceNumber;
    }

    /** The hold ends before the event in hand: what was held goes out, announced, before it. */
    void release() {
        if (held != null) {
            releasing = held;
            releasingSequence = heldSequence;
            held = null;
        }
    }

    /** Writes what is due before the event in hand: the released call's announcement, then what was held. */
    void writeReleased(EventOutput out) {
        if (releasing != null) {
            announce(releasing, releasingSequence, out);
            out.release(false);
            releasing = null;
        }
    }

    /** Writes the held call's announcement and everything held, the event in hand included: the hold is over. */
    void releaseNow(EventOutput out) {
        announce(held, heldSequence, out);
        out.release(false);
        held = null;
    }

    /** Writes the {@code output_item.added} of a function call the upstream never announced, where the output stands. */
    static void announce(OutputItem item, long sequenceNumber, EventOutput out) {
        ByteBuilder json = new ByteBuilder(160);
        json.appendAscii("{\"type\":\"response.output_item.added\",\"sequence_number\":").appendDecimal(sequenceNumber)
                .appendAscii(",\"output_index\":").appendDecimal(item.index)
                .appendAscii(",\"item\":{\"id\":").append(item.idJson)
                .appendAscii(",\"type\":\"function_call\",\"status\":\"in_progress\",\"arguments\":\"\",\"call_id\":")
                .append(item.callIdJson != null ? item.callIdJson : item.idJson)
                .appendAscii(",\"name\":").append(item.nameJson != null ? item.nameJson : ResponsesJson.EMPTY_STRING)
                .appendAscii("}}");
        out.add(ADDED, json);
    }

    /**
     * The terminal event arrived while the held call's call id or name was still unknown: they are taken from its
     * item in the terminal event's {@code output} (a JSON array in {@code buf}), where it is there.
     */
    void learnFromOutput(byte[] buf, MemberValue output) {
        JsonCursor cur = new JsonCursor().reset(buf, output.valueStart(), output.valueEnd());
        MemberValue id = new MemberValue();
        MemberValue callId = new MemberValue();
        MemberValue name = new MemberValue();
        try {
            cur.enterArray();
            boolean first = true;
            while (cur.nextElement(first)) {
                first = false;
                if (cur.kind() != JsonKind.OBJECT) {
                    cur.skipValue();
                    continue;
                }
                id.clear();
                callId.clear();
                name.clear();
                cur.enterObject();
                boolean firstMember = true;
                while (cur.nextMember(firstMember)) {
                    firstMember = false;
                    if (cur.keyIs(ID)) {
                        cur.capture(id, 0);
                    } else if (cur.keyIs(CALL_ID)) {
                        cur.capture(callId, 0);
                    } else if (cur.keyIs(NAME)) {
                        cur.capture(name, 0);
                    } else {
                        cur.skipValue();
                    }
                }
                if (id.isString() && held.hasId(buf, id.valueStart(), id.valueEnd())) {
                    if (held.callIdJson == null) {
                        held.callIdJson = OutputItem.kept(buf, callId);
                    }
                    if (held.nameJson == null && name.isString()) {
                        held.nameJson = OutputItem.kept(buf, name);
                        held.name = ShortText.of(buf, name);
                    }
                    return;
                }
            }
        } catch (MalformedJsonException e) {
            // An output the guard cannot read gives nothing: the announcement goes out with what is known.
        }
    }
}
