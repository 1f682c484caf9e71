package dev.streamguard.openai;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.EventOutput;
import dev.streamguard.core.Fingerprint;
import dev.streamguard.core.StreamStats;
import dev.streamguard.json.JsonEdits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * D27, the header: Ollama (gpt-oss), vLLM tool parsers and several relays start a tool call without its
 * {@code id} or {@code function.name}, which come on a later delta, or never. openai-java takes both from a
 * call's first delta only and fails ({@code `id` is not set}, {@code `name` is not set}); LangChain4j's
 * callbacks fail on arguments that come before the name. The client must see one first delta with id, type
 * and name.
 *
 * <p>So the events from such a call's first delta on are held back until its name is known and its id came:
 * in the event that brought the name, or the one after it (after that, or at the end of the choice, an id is
 * minted from the response's identity). Then a chunk with the call's header (index, id, type, name, empty arguments) goes out where its
 * first delta was, and the held events follow, their deltas of that call without id, type or name. Held: at
 * most {@link #HOLD_LIMIT} bytes of events; a call still without a name then, or at the end of the stream,
 * fails it.
 */
final class LateToolCallHeaderRule {
    static final int HOLD_LIMIT = 64 * 1024;
    private static final byte[] CHOICES_HEAD = ascii("\"choices\":[{\"index\":");
    private static final byte[] CALL_HEAD = ascii(",\"delta\":{\"tool_calls\":[{\"index\":");
    private static final byte[] ID_KEY = ascii(",\"id\":");
    private static final byte[] NAME_KEY = ascii(",\"type\":\"function\",\"function\":{\"name\":\"");
    private static final byte[] CALL_TAIL = ascii("\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}");
    private static final byte[] EMPTY_ARGUMENTS = ascii("\"arguments\":\"\"");

    /** What the client will see as a held call's first delta. */
    static final class Header {
        final ChoiceState choice;
        final ToolCallState call;
        /** Where in the held bytes the event with the call's first delta starts. */
        final int mark;
        byte[] id;
        final ByteBuilder name = new ByteBuilder(32);
        private boolean namedBefore;
        private boolean resolved;

        Header(ChoiceState choice, ToolCallState call, int mark) {
            this.choice = choice;
            this.call = call;
            this.mark = mark;
        }
    }

    private final List<Header> held = new ArrayList<>(1);
    private final ByteBuilder chunk = new ByteBuilder(0);
    private final StreamStats stats;
    private final ChunkIdentity identity;

    LateToolCallHeaderRule(StreamStats stats, ChunkIdentity identity) {
        this.stats = stats;
        this.identity = identity;
    }

    boolean holding() {
        return !held.isEmpty();
    }

    /** Whether a new call's first delta lacks what the client needs on it. */
    static boolean applies(ToolCallDelta t) {
        return !t.id.hasText() || !t.name.hasText();
    }

    /** The call's deltas are held from the event in hand, which starts at {@code mark} in the held bytes. */
    void start(ChoiceState choice, ToolCallState call, int mark) {
        stats.count(Deviation.D27);
        Header h = new Header(choice, call, mark);
        call.heldHeader = h;
        held.add(h);
    }

    /** A delta of a held call: its id, type and name go to the header, out of the delta. */
    static void absorb(byte[] buf, ToolCallDelta t, ToolCallState call, JsonEdits edits) {
        Header h = call.heldHeader;
        if (t.id.present()) {
            if (h.id == null && t.id.hasText()) {
                h.id = java.util.Arrays.copyOfRange(buf, t.id.valueStart(), t.id.valueEnd());
            }
            edits.remove(t.members, t.id.member());
        }
        if (t.type.present()) {
            edits.remove(t.members, t.type.member());
        }
        if (t.name.present()) {
            if (t.name.hasText()) {
                h.name.append(buf, t.name.textStart(), t.name.textEnd() - t.name.textStart());
            }
            edits.remove(t.function, t.name.member());
            if (!t.arguments.present()) {
                // A function with no arguments member at all fails accumulators that append them.
                edits.insertFirst(t.function, EMPTY_ARGUMENTS);
            }
        }
    }

    /** Before a chunk: a named call whose choice has no tool-call delta in it will not get its id from it. */
    void beforeChunk(OpenAiChunk chunk, EventOutput out) {
        for (Header h : held) {
            if (!h.resolved && h.name.length() > 0 && !hasToolCalls(chunk, h.choice)) {
                resolve(h);
            }
        }
        releaseIfResolved(out);
    }

    /**
     * After a chunk's deltas: a named call is resolved once its id came, or one event after its name without
     * it. Past the hold limit, a named call is resolved and an unnamed one fails the stream.
     */
    void afterChunk(int heldBytes) throws StreamGuardException {
        for (Header h : held) {
            boolean named = h.name.length() > 0;
            if (!h.resolved && named && (h.id != null || h.namedBefore || heldBytes > HOLD_LIMIT)) {
                resolve(h);
            } else if (!named && heldBytes > HOLD_LIMIT) {
                throw nameless(h, "in the " + HOLD_LIMIT + " bytes of events after its first delta (the guard holds a call "
                        + "until its name comes, that long at most)");
            }
            h.namedBefore = named;
        }
    }

    /** Whether every held call is resolved (then the held events go out, see {@link #release}). */
    private boolean allResolved() {
        for (Header h : held) {
            if (!h.resolved) {
                return false;
            }
        }
        return true;
    }

    /** The end of the stream: every held call gets an id; one without a name fails it. */
    void resolveAll(EventOutput out) throws StreamGuardException {
        for (Header h : held) {
            if (h.name.length() == 0) {
                throw nameless(h, "when the stream ended");
            }
            resolve(h);
        }
        releaseIfResolved(out);
    }

    /** Writes the held events with each call's header before the event of its first delta. */
    void releaseIfResolved(EventOutput out) {
        if (held.isEmpty() || !allResolved()) {
            return;
        }
        int released = 0;
        for (Header h : held) {
            out.releasePart(h.mark - released);
            released = h.mark;
            writeHeader(h);
            out.add(null, chunk);
            h.call.heldHeader = null;
        }
        out.release(false);
        held.clear();
    }

    private void resolve(Header h) {
        if (h.id == null) {
            h.id = mintedId(h);
        }
        h.resolved = true;
    }

    private void writeHeader(Header h) {
        chunk.clear();
        identity.writeHead(chunk);
        chunk.append(CHOICES_HEAD).appendDecimal(h.choice.index).append(CALL_HEAD).appendDecimal(h.call.index)
                .append(ID_KEY).append(h.id).append(NAME_KEY).append(h.name).append(CALL_TAIL);
    }

    private static boolean hasToolCalls(OpenAiChunk chunk, ChoiceState choice) {
        for (int i = 0; i < chunk.choiceCount; i++) {
            ChoiceDelta c = chunk.choice(i);
            if ((c.index == choice.index || c.index < 0) && c.toolCallCount > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * An id for a call the upstream gave none: derived from the response's identity (its chunk id, which differs
     * between responses), the choice, the call's index and name, so that the same stream always gets the same.
     */
    private byte[] mintedId(Header h) {
        long f = identity.fingerprint(Fingerprint.EMPTY);
        f = Fingerprint.extend(f, h.name.array(), 0, h.name.length());
        f = (f ^ h.choice.index) * 0x100000001b3L;
        f = (f ^ h.call.index) * 0x100000001b3L;
        String hex = Long.toHexString(f);
        return ascii("\"call_sg" + "0000000000000000".substring(hex.length()) + hex + "\"");
    }

    private StreamGuardException nameless(Header h, String when) {
        return new StreamGuardException(StreamGuardException.Cause.MISSING_TOOL_NAME, h.call.describe() + " of choice "
                + h.choice.index + " has no function name " + when);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
