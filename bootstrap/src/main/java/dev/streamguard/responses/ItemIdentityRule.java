package dev.streamguard.responses;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.StreamStats;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.MemberValue;
import dev.streamguard.json.ObjectMembers;
import dev.streamguard.json.ShortText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * R3, the ids and indexes: vLLM, sglang and LiteLLM's Gemini path number output items from 1 or give two items
 * the same {@code output_index}, change a call's {@code item_id} between its deltas, or send function-call items
 * with a {@code call_id} and no {@code id}; LangChain4j then loses the call's arguments. The client sees dense
 * output indexes in order of the items' first appearance, and every event of an item under the item's first id
 * (an item without one takes its call id).
 */
final class ItemIdentityRule {
    private static final byte[] OUTPUT_INDEX = "\"output_index\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ITEM_ID = "\"item_id\":".getBytes(StandardCharsets.US_ASCII);
    static final byte[] ID = "\"id\":".getBytes(StandardCharsets.US_ASCII);

    private final List<OutputItem> items = new ArrayList<>();
    private final StreamStats stats;

    ItemIdentityRule(StreamStats stats) {
        this.stats = stats;
    }

    List<OutputItem> items() {
        return items;
    }

    /** An {@code output_item.added}: the new item, its index and id made right in the event. */
    OutputItem added(byte[] buf, ResponsesEvent e, JsonEdits edits) {
        int index = items.size();
        byte[] id;
        if (e.itemIdValue.isString()) {
            id = Arrays.copyOfRange(buf, e.itemIdValue.valueStart(), e.itemIdValue.valueEnd());
        } else if (!e.itemValue.is(JsonKind.OBJECT)) {
            // No item object to give an id to: the item is known by its index.
            id = mintedId(index);
        } else {
            stats.count(Deviation.R3);
            id = e.itemCallId.isString() ? Arrays.copyOfRange(buf, e.itemCallId.valueStart(), e.itemCallId.valueEnd()) : mintedId(index);
            if (e.itemIdValue.present()) {
                edits.replace(e.itemIdValue.valueStart(), e.itemIdValue.valueEnd(), id);
            } else {
                edits.insertFirst(e.item, concat(ID, id));
            }
        }
        OutputItem item = new OutputItem(index, ShortText.of(buf, e.itemType), id, e.outputIndex);
        if (e.itemCallId.isString()) {
            item.callIdJson = Arrays.copyOfRange(buf, e.itemCallId.valueStart(), e.itemCallId.valueEnd());
        }
        if (e.itemName.isString()) {
            item.nameJson = Arrays.copyOfRange(buf, e.itemName.valueStart(), e.itemName.valueEnd());
            item.name = ShortText.of(buf, e.itemName);
        }
        item.announced = true;
        items.add(item);
        numberAs(item, e, edits);
        return item;
    }

    /**
     * A function call the upstream never announced, first seen in the event in hand (its arguments, or its
     * {@code output_item.done}), whose id is {@code id} where it has one.
     */
    OutputItem unannounced(byte[] buf, MemberValue id, int outputIndex) {
        int index = items.size();
        byte[] json = id.isString() ? Arrays.copyOfRange(buf, id.valueStart(), id.valueEnd()) : mintedId(index);
        OutputItem item = new OutputItem(index, "function_call", json, outputIndex);
        items.add(item);
        return item;
    }

    /**
     * The item an event belongs to: the one its {@code item_id} names; else the last one the upstream gave its
     * {@code output_index}; else, for an event with neither, the only function call still open. Null if none.
     * {@code id} is the event's {@code item_id}, or an {@code output_item.done}'s item id.
     */
    OutputItem find(byte[] buf, MemberValue id, int outputIndex) {
        if (id.isString()) {
            for (int i = items.size() - 1; i >= 0; i--) {
                if (items.get(i).answersTo(buf, id.valueStart(), id.valueEnd())) {
                    return items.get(i);
                }
            }
        }
        if (outputIndex >= 0) {
            for (int i = items.size() - 1; i >= 0; i--) {
                if (items.get(i).upstreamIndex == outputIndex) {
                    return items.get(i);
                }
            }
            return null;
        }
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

    /**
     * The event of {@code item} gets the item's output index and id: rewritten where the upstream's differ,
     * added where {@code needsItemId} and the event has none.
     */
    void identify(OutputItem item, byte[] buf, ResponsesEvent e, JsonEdits edits, boolean needsItemId) {
        numberAs(item, e, edits);
        identify(item, buf, e.itemId, e.root, ITEM_ID, edits, needsItemId);
    }

    /**
     * The item's id in another place, without its index: {@code id}, a member of {@code object} written
     * {@code key} (an {@code output_item.done}'s item id, edited apart from the rest of its event).
     */
    void identify(OutputItem item, byte[] buf, MemberValue id, ObjectMembers object, byte[] key, JsonEdits edits, boolean needsId) {
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
            if (key == ID) {
                // An item's id leads it, as in the reference shape.
                edits.insertFirst(object, concat(key, item.idJson));
            } else {
                edits.insertLast(object, concat(key, item.idJson));
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
                edits.replace(e.outputIndexValue.valueStart(), e.outputIndexValue.valueEnd(), decimal(item.index));
            }
        }
    }

    private static byte[] mintedId(int index) {
        return ("\"item_" + index + "\"").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] decimal(long n) {
        return new ByteBuilder(20).appendDecimal(n).toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
