package dev.streamguard.responses;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.EmptyEventRule;
import dev.streamguard.core.EventOutput;
import dev.streamguard.core.ExtraDoneRule;
import dev.streamguard.core.StreamProtocol;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.ToolArgumentFlow;
import dev.streamguard.core.ToolCallMarkupRule;
import dev.streamguard.core.TruncationMessage;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.JsonStrings;
import dev.streamguard.json.JsonTextValidator;
import dev.streamguard.json.MalformedJsonException;
import dev.streamguard.json.MemberValue;
import dev.streamguard.json.ShortText;
import dev.streamguard.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The rules for OpenAI Responses streams, event by event. Keeps the output items' numbering, ids and function
 * names, how each call's arguments stand, the created response (for R1) and the items the client received
 * whole (for R1, bounded by the event cap); never more of the content.
 */
public final class OpenAiResponsesProtocol implements StreamProtocol {
    private static final byte[] CREATED = ascii("response.created");
    private static final byte[] ITEM_ADDED = ascii("response.output_item.added");
    private static final byte[] ITEM_DONE = ascii("response.output_item.done");
    private static final byte[] ARGUMENTS_DELTA = ascii("response.function_call_arguments.delta");
    private static final byte[] ARGUMENTS_DONE = ascii("response.function_call_arguments.done");
    private static final byte[] TEXT_DELTA = ascii("response.output_text.delta");
    private static final byte[] COMPLETED = ascii("response.completed");
    private static final byte[] INCOMPLETE = ascii("response.incomplete");
    private static final byte[] TYPE_PREFIX = ascii("response.");
    private static final byte[] EMPTY_STRING = {'"', '"'};

    private final ResponsesEventScanner scanner = new ResponsesEventScanner();
    private final ResponsesEvent event = new ResponsesEvent();
    private final JsonEdits edits = new JsonEdits();
    private final JsonEdits itemEdits = new JsonEdits();
    private final ByteBuilder itemCopy = new ByteBuilder(0);
    private final EmptyEventRule emptyEvents = new EmptyEventRule();
    private final ItemIdentityRule items;
    private final UnannouncedItemRule unannounced = new UnannouncedItemRule();
    private final SequenceNumberRule sequence = new SequenceNumberRule();
    private final CreatedResponse created = new CreatedResponse();
    private final StreamedOutput streamed;
    private final StreamStats stats;
    private final ToolArgumentFlow arguments;
    private final ToolCallMarkupRule markup;
    private final long maxHeldBytes;
    private boolean createdSeen;
    private boolean terminated;
    private boolean foreign;
    /** The event in hand ends the wait for a held item's name: its announcement goes out before it. */
    private boolean announceHeld;
    /** An item first seen in the event in hand, at its end: its announcement goes out before it, nothing held. */
    private OutputItem announceBefore;
    private long announceBeforeSequence;

    public OpenAiResponsesProtocol(StreamStats stats, ToolArgumentFlow arguments, ToolCallMarkupRule markup, long maxEventBytes) {
        this.stats = stats;
        this.arguments = arguments;
        this.markup = markup;
        this.maxHeldBytes = maxEventBytes;
        this.items = new ItemIdentityRule(stats);
        this.streamed = new StreamedOutput(maxEventBytes);
    }

    @Override
    public void onEvent(SseEvent sse, EventOutput out) throws StreamGuardException {
        foreign = false;
        announceHeld = unannounced.holding() && out.heldBytes() > maxHeldBytes;
        announceBefore = null;
        edits.clear();
        if (emptyEvents.dropIfEmpty(sse, out, stats)) {
            return;
        }
        if (!sse.hasData()) {
            write(sse, null, out);
            return;
        }
        byte[] name = emptyEvents.rejoinedName(sse);
        if (ExtraDoneRule.isDone(sse)) {
            // [DONE] is no Responses event; after the terminal event the engine drops it anyway.
            stats.count(Deviation.D13);
            out.drop();
            return;
        }
        byte[] buf = sse.dataArray();
        try {
            scanner.scan(buf, sse.dataStart(), sse.dataEnd(), event);
        } catch (MalformedJsonException e) {
            // A lenient client may still read it: what it carries under argument keys counts all the same.
            stats.malformedEvent();
            foreign = true;
            edits.clear();
            write(sse, name, out);
            return;
        }
        if (ErrorEventRule.applies(buf, event)) {
            terminated = true;
            throw ErrorEventRule.failure(buf, event, stats);
        }
        if (!event.type.isString()) {
            foreign = true;
            write(sse, name, out);
            return;
        }
        if (event.type.textIs(buf, ARGUMENTS_DELTA)) {
            onArgumentsDelta(buf);
        } else if (event.type.textIs(buf, TEXT_DELTA)) {
            onItemEvent(buf);
            if (markup.active() && event.delta.isString()) {
                markup.text(buf, event.delta.textStart(), event.delta.textEnd(), "output item", Math.max(event.outputIndex, 0));
            }
        } else if (event.type.textIs(buf, ITEM_ADDED)) {
            onItemAdded(buf);
        } else if (event.type.textIs(buf, ARGUMENTS_DONE)) {
            onArgumentsDone(buf);
        } else if (event.type.textIs(buf, ITEM_DONE)) {
            onItemDone(buf);
        } else if (event.type.textIs(buf, COMPLETED) || event.type.textIs(buf, INCOMPLETE)) {
            onTerminal(buf);
        } else if (event.type.textIs(buf, CREATED)) {
            if (!createdSeen && event.responseValue.is(JsonKind.OBJECT)) {
                created.remember(buf, event.responseValue.valueStart(), event.responseValue.valueEnd());
            }
            createdSeen = true;
        } else if (JsonStrings.rawStartsWith(buf, event.type.textStart(), event.type.textEnd(), TYPE_PREFIX)) {
            onItemEvent(buf);
        } else {
            foreign = true;
        }
        sequence.apply(event, edits, stats);
        write(sse, name, out);
    }

    /** Writes the event as the rules left it, after the announcements due before it; held while a name is awaited. */
    private void write(SseEvent sse, byte[] name, EventOutput out) {
        if (announceHeld) {
            unannounced.announce(out);
        }
        if (announceBefore != null) {
            UnannouncedItemRule.announceNow(announceBefore, announceBeforeSequence, out);
        }
        if (name == null && edits.isEmpty()) {
            out.keep(sse);
        } else {
            out.rewrite(sse, edits, name);
        }
        if (unannounced.holding()) {
            out.hold(sse, null);
        }
    }

    private void onItemAdded(byte[] buf) throws StreamGuardException {
        OutputItem item = items.added(buf, event, edits);
        if (item.isFunctionCall()) {
            arguments.startCall(item);
            if (event.itemArguments.hasText()) {
                charge(item, buf, event.itemArguments, event.itemArguments);
            }
        }
    }

    /** Any other event of an item (text, parts, reasoning): the item's index and id. */
    private void onItemEvent(byte[] buf) {
        if (!event.itemId.present() && !event.outputIndexValue.present()) {
            return;
        }
        OutputItem item = items.find(buf, event.itemId, event.outputIndex);
        if (item != null) {
            items.identify(item, buf, event, edits, false);
        }
    }

    private void onArgumentsDelta(byte[] buf) throws StreamGuardException {
        OutputItem item = itemOfArguments(buf);
        if (event.delta.isString()) {
            charge(item, buf, event.delta, event.delta);
        }
    }

    private void onArgumentsDone(byte[] buf) throws StreamGuardException {
        OutputItem item = itemOfArguments(buf);
        if (event.name.isString() && item.nameJson == null) {
            learnName(item, buf, event.name);
        }
        if (item.arguments().length() == 0 && event.arguments.hasText()) {
            charge(item, buf, event.arguments, null);
        }
        endArguments(item);
    }

    /** The function call a delta or done event is about; one never announced starts the wait for its name (R3). */
    private OutputItem itemOfArguments(byte[] buf) throws StreamGuardException {
        OutputItem item = items.find(buf, event.itemId, event.outputIndex);
        if (item == null) {
            stats.count(Deviation.R3);
            item = items.unannounced(buf, event.itemId, event.outputIndex);
            arguments.startCall(item);
            unannounced.start(item, sequence.reserve());
        }
        items.identify(item, buf, event, edits, true);
        return item;
    }

    private void onItemDone(byte[] buf) throws StreamGuardException {
        if (!event.itemValue.is(JsonKind.OBJECT)) {
            // No item to read or keep: only its index can be made right.
            onItemEvent(buf);
            return;
        }
        OutputItem item = items.find(buf, event.itemIdValue, event.outputIndex);
        boolean functionCall = event.itemType.textIs(buf, ascii("function_call"));
        if (item == null) {
            // Neither announced nor streamed: it is announced now, just before its end (R3).
            stats.count(Deviation.R3);
            item = items.unannounced(buf, event.itemIdValue, event.outputIndex);
            if (functionCall) {
                arguments.startCall(item);
            }
            announceBefore = item;
        }
        itemEdits.clear();
        items.numberAs(item, event, edits);
        items.identify(item, buf, event.itemIdValue, event.item, ItemIdentityRule.ID, itemEdits, true);
        if (functionCall) {
            if (item.callIdJson == null && event.itemCallId.isString()) {
                item.callIdJson = Arrays.copyOfRange(buf, event.itemCallId.valueStart(), event.itemCallId.valueEnd());
            }
            if (item.nameJson == null && event.itemName.isString()) {
                learnName(item, buf, event.itemName);
            }
            if (item.arguments().length() == 0 && event.itemArguments.hasText()) {
                charge(item, buf, event.itemArguments, null);
            }
            endArguments(item);
        }
        if (unannounced.holds(item)) {
            announceHeld = true;
        }
        if (announceBefore != null) {
            announceBeforeSequence = sequence.reserve();
        }
        item.done = true;
        recordItem(item, buf);
    }

    /**
     * Keeps the item of an {@code output_item.done} as the client gets it (its id made the item's), for a terminal
     * event that may lose it (R1). Where the id was changed, the event's item becomes that copy.
     */
    private void recordItem(OutputItem item, byte[] buf) {
        int start = event.itemValue.valueStart();
        int end = event.itemValue.valueEnd();
        if (itemEdits.isEmpty()) {
            streamed.record(item.index, buf, start, end);
            return;
        }
        itemCopy.clear();
        itemEdits.applyTo(buf, start, end, itemCopy);
        streamed.record(item.index, itemCopy.array(), 0, itemCopy.length());
        edits.replace(start, end, itemCopy.toByteArray());
    }

    private void onTerminal(byte[] buf) throws StreamGuardException {
        if (unannounced.holding()) {
            if (event.responseValue.is(JsonKind.OBJECT) && event.responseOutput.is(JsonKind.ARRAY)) {
                unannounced.learnFromOutput(buf, event.responseOutput.valueStart(), event.responseOutput.valueEnd());
            }
            announceHeld = true;
        }
        for (OutputItem item : items.items()) {
            // A call still open when the response ends is over: its arguments must be whole JSON.
            if (item.isFunctionCall()) {
                endArguments(item);
            }
        }
        String terminal = event.type.textIs(buf, COMPLETED) ? "response.completed" : "response.incomplete";
        EmptyOutputRule.apply(terminal, buf, event, items.items().size(), streamed, created, edits, stats);
        terminated = true;
    }

    private void learnName(OutputItem item, byte[] buf, MemberValue name) {
        item.nameJson = Arrays.copyOfRange(buf, name.valueStart(), name.valueEnd());
        item.name = ShortText.of(buf, name);
        if (unannounced.holds(item) && item.callIdJson != null) {
            announceHeld = true;
        }
    }

    /**
     * Charges an argument fragment to its call (D10, D20, D21, reported as R6 too). A fragment that repeats the
     * whole arguments is emptied in the event ({@code inEvent}) where there is one.
     */
    private void charge(OutputItem item, byte[] buf, MemberValue fragment, MemberValue inEvent) throws StreamGuardException {
        int before = stats.counted(Deviation.D21);
        boolean added;
        try {
            added = arguments.addEscaped(item, buf, fragment.textStart(), fragment.textEnd());
        } catch (StreamGuardException e) {
            stats.count(Deviation.R6);
            throw e;
        }
        if (stats.counted(Deviation.D21) > before) {
            stats.count(Deviation.R6);
        }
        if (!added && inEvent != null) {
            edits.replace(inEvent.valueStart(), inEvent.valueEnd(), EMPTY_STRING);
        }
    }

    /** The call's arguments are over: once, whole JSON or D21 (reported as R6 too). */
    private void endArguments(OutputItem item) throws StreamGuardException {
        if (item.argumentsEnded) {
            return;
        }
        item.argumentsEnded = true;
        int before = stats.counted(Deviation.D21);
        try {
            arguments.end(item);
        } finally {
            if (stats.counted(Deviation.D21) > before) {
                stats.count(Deviation.R6);
            }
        }
    }

    @Override
    public void onEnd(SseEvent tail, EventOutput out) throws StreamGuardException {
        int cutTail = 0;
        if (tail != null && tail.hasData()) {
            if (isWhole(tail)) {
                onEvent(tail, out);
            } else {
                cutTail = tail.rawLength();
            }
        }
        if (terminated) {
            return;
        }
        TruncationMessage message = new TruncationMessage(stats,
                "before a terminal event (response.completed, response.incomplete or response.failed)");
        for (OutputItem item : items.items()) {
            if (item.isFunctionCall() && !item.argumentsEnded) {
                boolean unfinished = item.arguments().verdict() == JsonTextValidator.Verdict.INCOMPLETE;
                message.and(item.describe() + " was open with " + item.arguments().length() + " bytes of "
                        + (unfinished ? "unfinished " : "") + "arguments");
            } else if (!item.done) {
                message.and(item.describe() + " was still open");
            }
        }
        throw message.cutEvent(cutTail).toException(stats, Deviation.R2);
    }

    private boolean isWhole(SseEvent tail) {
        if (ExtraDoneRule.isDone(tail)) {
            return true;
        }
        try {
            scanner.scan(tail.dataArray(), tail.dataStart(), tail.dataEnd(), event);
            return true;
        } catch (MalformedJsonException e) {
            return false;
        }
    }

    @Override
    public boolean lastEventForeign() {
        return foreign;
    }

    @Override
    public boolean terminated() {
        return terminated;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
