package dev.streamguard.responses;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.core.BodyTail;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.EmptyEventRule;
import dev.streamguard.core.EventOutput;
import dev.streamguard.core.EventTemplates;
import dev.streamguard.core.ExtraDoneRule;
import dev.streamguard.core.StreamProtocol;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.ToolArgumentFlow;
import dev.streamguard.core.ToolCallMarkupRule;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.JsonStrings;
import dev.streamguard.json.MalformedJsonException;
import dev.streamguard.json.MemberValue;
import dev.streamguard.json.ShortText;
import dev.streamguard.sse.SseEvent;

/**
 * The rules for OpenAI Responses streams, event by event. Keeps the output items' numbering, ids and function
 * names, how each call's arguments stand, the created response (for R1) and the items the client received
 * whole (for R1, bounded by the event cap); never more of the content.
 */
public final class OpenAiResponsesProtocol implements StreamProtocol {
    private static final byte[] CREATED = ResponsesJson.ascii("response.created");
    private static final byte[] ITEM_ADDED = ResponsesJson.ascii("response.output_item.added");
    private static final byte[] ITEM_DONE = ResponsesJson.ascii("response.output_item.done");
    private static final byte[] ARGUMENTS_DELTA = ResponsesJson.ascii("response.function_call_arguments.delta");
    private static final byte[] ARGUMENTS_DONE = ResponsesJson.ascii("response.function_call_arguments.done");
    private static final byte[] TEXT_DELTA = ResponsesJson.ascii("response.output_text.delta");
    private static final byte[] COMPLETED = ResponsesJson.ascii("response.completed");
    private static final byte[] INCOMPLETE = ResponsesJson.ascii("response.incomplete");
    private static final byte[] TYPE_PREFIX = ResponsesJson.ascii("response.");
    private static final String FUNCTION_CALL = "function_call";

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
    private final EventTemplates templates;
    private final FunctionCallArgumentsRule arguments;
    private final StreamStats stats;
    private final ToolCallMarkupRule markup;
    private final long maxHeldBytes;
    private boolean createdSeen;
    private boolean terminated;
    private boolean foreign;
    /** A function call first seen at its end, in the event in hand: announced just before it, nothing held. */
    private OutputItem announceBefore;
    private long announceBeforeSequence;

    public OpenAiResponsesProtocol(StreamStats stats, ToolArgumentFlow arguments, EventTemplates templates, ToolCallMarkupRule markup,
                                   long maxEventBytes) {
        this.stats = stats;
        this.templates = templates;
        this.markup = markup;
        this.maxHeldBytes = maxEventBytes;
        this.items = new ItemIdentityRule(stats);
        this.streamed = new StreamedOutput(maxEventBytes);
        this.arguments = new FunctionCallArgumentsRule(arguments);
    }

    @Override
    public void onEvent(SseEvent sse, EventOutput out) throws StreamGuardException {
        templates.forget();
        foreign = false;
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
        OutputItem plainDeltaOf = null;
        boolean argumentsDelta = false;
        if (event.type.textIs(buf, ARGUMENTS_DELTA)) {
            plainDeltaOf = onArgumentsDelta(buf);
            argumentsDelta = true;
        } else if (event.type.textIs(buf, TEXT_DELTA)) {
            OutputItem item = onItemEvent(buf);
            if (markup.active() && event.delta.isString()) {
                markup.text(buf, event.delta.textStart(), event.delta.textEnd(), "output item", Math.max(event.outputIndex, 0));
            } else {
                plainDeltaOf = item;
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
        if (!foreign) {
            sequence.apply(event, edits, stats);
        }
        if (plainDeltaOf != null && name == null) {
            learnIfPlain(sse, argumentsDelta ? plainDeltaOf : null);
        }
        write(sse, name, out);
    }

    /**
     * A delta the rules left as it came (its item known and announced, its number the upstream's) teaches its
     * shape: the next deltas like it skip scanning, only their text or fragment, noise and number varying. Only an
     * argument delta's slot holds a fragment of {@code call}'s arguments (a text delta's has none, whatever item it
     * names).
     */
    private void learnIfPlain(SseEvent sse, OutputItem call) {
        if (!edits.isEmpty() || unannounced.holding() || announceBefore != null || !event.delta.isString()
                || !event.sequenceNumber.is(JsonKind.NUMBER) || event.sequence < 0 || !sequence.unshifted()) {
            return;
        }
        templates.startLearning();
        templates.slot(event.delta.textStart(), event.delta.textEnd(), call != null);
        if (event.obfuscation.isString()) {
            templates.slot(event.obfuscation.textStart(), event.obfuscation.textEnd(), false);
        }
        templates.counter(event.sequenceNumber.valueStart(), event.sequenceNumber.valueEnd(), sequence);
        templates.learn(sse, call);
    }

    /**
     * Writes the event as the rules left it, after the announcements due before it; held while a call's name is
     * awaited, until the hold outgrows the event cap.
     */
    private void write(SseEvent sse, byte[] name, EventOutput out) {
        unannounced.writeReleased(out);
        if (announceBefore != null) {
            UnannouncedItemRule.announce(announceBefore, announceBeforeSequence, out);
        }
        if (name == null && edits.isEmpty()) {
            out.keep(sse);
        } else {
            out.rewrite(sse, edits, name);
        }
        if (unannounced.holding()) {
            out.hold(sse, null);
            if (out.heldBytes() > maxHeldBytes) {
                unannounced.releaseNow(out);
            }
        }
    }

    private void onItemAdded(byte[] buf) throws StreamGuardException {
        OutputItem item = items.added(buf, event, edits);
        if (item.isFunctionCall()) {
            arguments.start(item);
            if (event.itemArguments.hasText()) {
                arguments.fragment(item, buf, event.itemArguments);
            }
        }
    }

    /** Any other event of an item (text, parts, reasoning): the item's index and id. Returns the item, or null. */
    private OutputItem onItemEvent(byte[] buf) {
        if (!event.itemId.present() && !event.outputIndexValue.present()) {
            return null;
        }
        OutputItem item = items.find(buf, event.itemId, event.outputIndex, null);
        if (item != null) {
            items.identify(item, buf, event, edits, false);
        }
        return item;
    }

    /** Returns the call the fragment went to. */
    private OutputItem onArgumentsDelta(byte[] buf) throws StreamGuardException {
        OutputItem item = callOfArguments(buf);
        if (event.delta.isString() && !arguments.fragment(item, buf, event.delta)) {
            edits.replace(event.delta.valueStart(), event.delta.valueEnd(), ResponsesJson.EMPTY_STRING);
        }
        return item;
    }

    private void onArgumentsDone(byte[] buf) throws StreamGuardException {
        OutputItem item = callOfArguments(buf);
        if (event.name.isString() && item.nameJson == null) {
            learnName(item, buf, event.name);
        }
        if (event.arguments.isString()) {
            arguments.restated(item, buf, event.arguments);
        }
        arguments.end(item);
    }

    /** The function call a delta or done event is about; one never announced starts the wait for its name (R3). */
    private OutputItem callOfArguments(byte[] buf) throws StreamGuardException {
        OutputItem item = items.find(buf, event.itemId, event.outputIndex, FUNCTION_CALL);
        if (item == null) {
            stats.count(Deviation.R3);
            item = items.unannounced(buf, FUNCTION_CALL, event.itemId, event.outputIndex);
            arguments.start(item);
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
        String type = ShortText.of(buf, event.itemType);
        boolean functionCall = FUNCTION_CALL.equals(type);
        OutputItem item = items.find(buf, event.itemIdValue, event.outputIndex, type);
        if (item == null) {
            // Neither announced nor streamed before its end (R3); a function call is announced just before it.
            stats.count(Deviation.R3);
            item = items.unannounced(buf, type, event.itemIdValue, event.outputIndex);
            if (functionCall) {
                arguments.start(item);
                announceBefore = item;
            }
        }
        itemEdits.clear();
        items.numberAs(item, event, edits);
        items.identifyDoneItem(item, buf, event, itemEdits);
        if (functionCall) {
            if (item.callIdJson == null) {
                item.callIdJson = OutputItem.kept(buf, event.itemCallId);
            }
            if (item.nameJson == null && event.itemName.isString()) {
                learnName(item, buf, event.itemName);
            }
            if (event.itemArguments.isString()) {
                arguments.restated(item, buf, event.itemArguments);
            }
            arguments.end(item);
            if (unannounced.holds(item)) {
                unannounced.release();
            }
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
                unannounced.learnFromOutput(buf, event.responseOutput);
            }
            unannounced.release();
        }
        for (OutputItem item : items.items()) {
            // A call still open when the response ends is over: its arguments must be whole JSON.
            if (item.isFunctionCall()) {
                arguments.end(item);
            }
        }
        String terminal = event.type.textIs(buf, COMPLETED) ? "response.completed" : "response.incomplete";
        EmptyOutputRule.apply(terminal, buf, event, items.items().size(), streamed, created, edits, stats);
        terminated = true;
    }

    /** The call's name is known; with its call id, a held call's announcement can go out (R3). */
    private void learnName(OutputItem item, byte[] buf, MemberValue name) {
        item.nameJson = OutputItem.kept(buf, name);
        item.name = ShortText.of(buf, name);
        if (unannounced.holds(item) && item.callIdJson != null) {
            unannounced.release();
        }
    }

    @Override
    public void onEnd(SseEvent tail, EventOutput out) throws StreamGuardException {
        int cutTail = BodyTail.handle(tail, this, out, (data, start, end) -> scanner.scan(data, start, end, event));
        if (terminated) {
            return;
        }
        throw MissingTerminalEventRule.failure(stats, items.items(), cutTail);
    }

    @Override
    public boolean lastEventForeign() {
        return foreign;
    }

    @Override
    public boolean terminated() {
        return terminated;
    }
}
