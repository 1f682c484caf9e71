package dev.streamguard.responses;

import dev.streamguard.core.ToolArguments;
import dev.streamguard.core.ToolCall;

/**
 * One output item of a Responses stream as the client sees it: its output index, its id (as JSON text, so that
 * events can be rewritten to it), and for a function call its name and arguments. Never its content.
 */
final class OutputItem implements ToolCall {
    /** Upstream ids an item answers to besides its own (an {@code item_id} that changed); beyond this, by index. */
    private static final int MAX_ALIASES = 4;

    final int index;
    final String type;
    /** The item's id as a JSON string literal, quotes included. */
    final byte[] idJson;
    /** The output index the upstream gave it last. */
    int upstreamIndex;
    /** The call id as a JSON string literal, or null while unknown. */
    byte[] callIdJson;
    /** The function name as a JSON string literal, or null while unknown. */
    byte[] nameJson;
    String name = "";
    /** The client saw its {@code output_item.added}. */
    boolean announced;
    /** Its arguments are over ({@code function_call_arguments.done} or {@code output_item.done}). */
    boolean argumentsEnded;
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

    boolean isFunctionCall() {
        return "function_call".equals(type);
    }

    /** Whether {@code buf[start, end)} is exactly the item's id (JSON text). */
    boolean hasId(byte[] buf, int start, int end) {
        return same(idJson, buf, start, end);
    }

    /** Whether an event's {@code item_id} (JSON text) names this item. */
    boolean answersTo(byte[] buf, int start, int end) {
        if (same(idJson, buf, start, end)) {
            return true;
        }
        for (byte[] alias : aliases) {
            if (alias != null && same(alias, buf, start, end)) {
                return true;
            }
        }
        return false;
    }

    /** The upstream called it by another id too: later events with that id are this item's. */
    void alias(byte[] buf, int start, int end) {
        for (int i = 0; i < MAX_ALIASES; i++) {
            if (aliases[i] == null) {
                aliases[i] = java.util.Arrays.copyOfRange(buf, start, end);
                return;
            }
        }
    }

    private static boolean same(byte[] a, byte[] buf, int start, int end) {
        if (a.length != end - start) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != buf[start + i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public ToolArguments arguments() {
        return arguments;
    }

    @Override
    public String describe() {
        return type + " output item " + index + (name.isEmpty() ? "" : " (" + name + ")");
    }
}
