package dev.streamguard.responses;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Cap;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.StreamStats;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.MemberValue;
import dev.streamguard.json.ObjectMembers;
import dev.streamguard.json.ShortText;
import java.util.ArrayList;
import java.util.List;

/**
 * R3, the ids and indexes: vLLM, sglang and LiteLLM's Gemini path number output items from 1 or give two items
 * the same {@code output_index}, change a call's {@code item_id} between its deltas, or send function-call items
 * with a {@code call_id} and no {@code id}; LangChain4j then loses calls. The client sees dense output indexes in
 * order of the items' first appearance, and every event of an item under the item's first id (an item without
 * one takes its call id). The guard follows at most {@link #MAX_ITEMS} items; a stream with more fails.
 */
final class ItemIdentityRule {
    static final int MAX_ITEMS = 1024;
    private static final byte[] ITEM_ID = ResponsesJson.ascii("\"item_id\":");
    private static final byte[] ID = ResponsesJson.ascii("\"id\":");
    private static final String FUNCTION_CALL = "function_call";

    private final List<OutputItem> items = new ArrayList<>();
    private final StreamStats stats;

    ItemIdentityRule(StreamStats stats) {
        this.stats = stats;
    }

    List<OutputItem> items() {
        return items;
    }

    /** An {@code output_item.added}: the new item, its index and id made right in the event. */
    OutputItem added(byte[] buf, ResponsesEvent e, JsonEdits edits) throws StreamGuardException {
        int index = nextIndex();
        byte[] id = OutputItem.kept(buf, e.itemIdValue);
        if (!e.itemIdValue.isString() && e.itemValue.is(JsonKind.OBJECT)) {
            stats.count(Deviation.R3);
            byte[] callId = OutputItem.kept(buf, e.itemCallId);
            id = callId != null ? callId : mintedId(index);
            if (e.itemIdValue.present()) {
                edits.replace(e.itemIdValue.valueStart(), e.itemIdValue.valueEnd(), id);
            } else {
                edits.insertFirst(e.item, ResponsesJson.concat(ID, id));
            }
        }
        OutputItem item = new OutputItem(index, ShortText.of(buf, e.itemType), id, e.outputIndex);
        item.callIdJson = OutputItem.kept(buf, e.itemCallId);
        if (e.itemName.isString()) {
            item.nameJson = OutputItem.kept(buf, e.itemName);
            item.name = ShortText.of(buf, e.itemName);
        }
        items.add(item);
        numberAs(item, e, edits);
        return item;
    }

    /**
     * An item the upstream never announced, of type {@code type}, first seen in the event in hand (a function
     * call's arguments, or the item's {@code output_item.done}), whose id is {@code id} where it has one.
     */
    OutputItem unannounced(byte[] buf, String type, MemberValue id, int outputIndex) throws StreamGuardException {
        int index = nextIndex();
        byte[] json = OutputItem.kept(buf, id);
        OutputItem item = new OutputItem(index, type, json != null ? json : mintedId(index), outputIndex);
        items.add(item);
        return item;
    }

    /**
     * The item of type {@code type} (any, when null) an event belongs to: the one its id names ({@code id}: the
     * event's {@code item_id}, or an {@code output_item.done}'s item id); else the last one still open that the
     * upstream gave its {@code output_index}; else, for a function call's event with neither, the only function
     * call still open. Null if none: a new item.
     */
    OutputItem find(byte[] buf, MemberValue id, int outputIndex, String type) {
        if (id.isString()) {
            for (int i = items.size() - 1; i >= 0; i--) {
                OutputItem item = items.get(i);
                if (item.answersTo(buf, id.valueStart(), id.valueEnd()) && fits(item, type)) {
                    return item;
                }
            }
        }
        if (outputIndex >= 0) {
            for (int i = items.size() - 1; i >= 0; i--) {
                OutputItem item = items.get(i);
                if (item.upstreamIndex == outputIndex) {
                    return !item.done && fits(item, type) ? item : null;
                }
            }
            return null;
        }
        if (!id.present() && FUNCTION_CALL.equals(type)) {
            OutputItem open = null;
            for (OutputItem item : items) {
                if (item.isFunctionCall() && !item.argumentsEnded) {
                    if (open != null) {
                        return null;
                    }
                    open = item;
                }
            }
            return open;
        }
        return null;
    }

    private static boolean fits(OutputItem item, String type) {
        return type == null || type.equals(item.type);
    }

    /**
     * The event of {@code item} gets the item's output index and id: rewritten where the upstream's differ,
     * added where {@code needsItemId} and the event has none.
     */
    void identify(OutputItem item, byte[] buf, ResponsesEvent e, JsonEdits edits, boolean needsItemId) {
        numberAs(item, e, edits);
        identify(item, buf, e.itemId, e.root, ITEM_ID, edits, needsItemId, false);
    }

    /** An {@code output_item.done}'s item id made the item's, in edits of the item alone. */
    void identifyDoneItem(OutputItem item, byte[] buf, ResponsesEvent e, JsonEdits itemEdits) {
        identify(item, buf, e.itemIdValue, e.item, ID, itemEdits, true, true);
    }

    /**
     * The item's id where the event names it: {@code id}, a member of {@code object} written {@code key},
     * inserted first (an item's id leads it, as in the reference shape) or last.
     */
    private void identify(OutputItem item, byte[] buf, MemberValue id, ObjectMembers object, byte[] key, JsonEdits edits,
                          boolean needsId, boolean first) {
        if (item.idJson == null) {
            return;
        }
        if (id.isString()) {
            if (!item.hasId(buf, id.valueStart(), id.valueEnd())) {
                stats.count(Deviation.R3);
                if (!item.answersTo(buf, id.valueStart(), id.valueEnd())) {
                    item.alias(buf, id.valueStart(), id.valueEnd());
                }
                edits.replace(id.valueStart(), id.valueEnd(), item.idJson);
            }
        } else if (id.present()) {
            // An id that is no string (null, say) becomes the item's.
            stats.count(Deviation.R3);
            edits.replace(id.valueStart(), id.valueEnd(), item.idJson);
        } else if (needsId) {
            stats.count(Deviation.R3);
            if (first) {
                edits.insertFirst(object, ResponsesJson.concat(key, item.idJson));
            } else {
                edits.insertLast(object, ResponsesJson.concat(key, item.idJson));
            }
        }
    }

    /** The event gets the item's output index where the upstream's differs. */
    void numberAs(OutputItem item, ResponsesEvent e, JsonEdits edits) {
        if (e.outputIndexValue.present()) {
            if (e.outputIndex >= 0) {
                item.upstreamIndex = e.outputIndex;
            }
            if (e.outputIndex != item.index) {
                stats.count(Deviation.R3);
                edits.replace(e.outputIndexValue.valueStart(), e.outputIndexValue.valueEnd(), ResponsesJson.decimal(item.index));
            }
        }
    }

    private int nextIndex() throws StreamGuardException {
        if (items.size() >= MAX_ITEMS) {
            stats.capHit(Cap.OUTPUT_ITEMS);
            throw new StreamGuardException(StreamGuardException.Cause.CAP_EXCEEDED, "the stream has more than " + MAX_ITEMS
                    + " output items, the most the guard follows; item " + items.size() + " would be one more");
        }
        return items.size();
    }

    private static byte[] mintedId(int index) {
        return ResponsesJson.ascii("\"item_" + index + "\"");
    }
}
