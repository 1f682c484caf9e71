package dev.streamguard.responses;

import dev.streamguard.core.Deviation;
import dev.streamguard.core.ToolArguments;
import dev.streamguard.core.ToolCall;
import dev.streamguard.json.JsonStrings;
import dev.streamguard.json.MemberValue;
import java.util.Arrays;

/**
 * One output item of a Responses stream as the client sees it: its output index, its type, its id (as JSON
 * text, so that events can be rewritten to it), and for a function call its name, call id and arguments. Never
 * its content. Ids, names and call ids longer than {@link #MAX_KEPT} bytes are not kept: such an item is known
 * by its index only, and its events are not rewritten to its id.
 */
final class OutputItem implements ToolCall {
    /** An id is a few dozen bytes; a longer one is not worth the memory. */
    static final int MAX_KEPT = 256;
    /** Upstream ids an item answers to besides its own (an {@code item_id} that changed); beyond this, by index. */
    private static final int MAX_ALIASES = 4;

    final int index;
    final String type;
    /** The item's id as a JSON string literal, quotes included; null when none is kept. */
    final byte[] idJson;
    /** The output index the upstream gave it last. */
    int upstreamIndex;
    /** The call id as a JSON string literal, or null while unknown. */
    byte[] callIdJson;
    /** The function name as a JSON string literal, or null while unknown. */
    byte[] nameJson;
    String name = "";
    /** Its arguments are over ({@code function_call_arguments.done} or {@code output_item.done}). */
    boolean argumentsEnded;
    /** The longest restatement of its whole arguments counted so far (see {@code ToolArgumentFlow.restated}). */
    long restated;
    /** Its {@code output_item.done} arrived. */
    boolean done;
    private final byte[][] aliases = new byte[MAX_ALIASES][];
    private final ToolArguments arguments = new ToolArguments();

    OutputItem(int index, String type, byte[] idJson, int upstreamIndex) {
        this.index = index;
        this.type = type;
        this.idJson = idJson;
        this.upstreamIndex = upstreamIndex;
    }

    /** The JSON text of a short string value, or null when it is no string or longer than {@link #MAX_KEPT}. */
    static byte[] kept(byte[] buf, MemberValue value) {
        if (!value.isString() || value.valueEnd() - value.valueStart() > MAX_KEPT) {
            return null;
        }
        return Arrays.copyOfRange(buf, value.valueStart(), value.valueEnd());
    }

    boolean isFunctionCall() {
        return "function_call".equals(type);
    }

    /** Whether {@code buf[start, end)} is exactly the item's id (JSON text). */
    boolean hasId(byte[] buf, int start, int end) {
        return idJson != null && JsonStrings.rawEquals(buf, start, end, idJson);
    }

    /** Whether an event's {@code item_id} (JSON text) names this item. */
    boolean answersTo(byte[] buf, int start, int end) {
        if (hasId(buf, start, end)) {
            return true;
        }
        for (byte[] alias : aliases) {
            if (alias != null && JsonStrings.rawEquals(buf, start, end, alias)) {
                return true;
            }
        }
        return false;
    }

    /** The upstream called it by another id too: later events with that id are this item's. */
    void alias(byte[] buf, int start, int end) {
        if (end - start > MAX_KEPT) {
            return;
        }
        for (int i = 0; i < MAX_ALIASES; i++) {
            if (aliases[i] == null) {
                aliases[i] = Arrays.copyOfRange(buf, start, end);
                return;
            }
        }
    }

    @Override
    public ToolArguments arguments() {
        return arguments;
    }

    @Override
    public String describe() {
        return type + " output item " + index + (name.isEmpty() ? "" : " (" + name + ")");
    }

    /** R6: the caps and JSON check of every protocol, applied to a Responses function call. */
    @Override
    public Deviation argumentProblemsAlsoCountedAs() {
        return Deviation.R6;
    }
}
