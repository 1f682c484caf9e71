package dev.streamguard.anthropic;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.EmptyEventRule;
import dev.streamguard.core.EventOutput;
import dev.streamguard.core.EventTemplates;
import dev.streamguard.core.ExtraDoneRule;
import dev.streamguard.core.StreamContext;
import dev.streamguard.core.StreamProtocol;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.ToolArgumentFlow;
import dev.streamguard.core.ToolCallMarkupRule;
import dev.streamguard.core.TruncationMessage;
import dev.streamguard.core.UpstreamErrorRule;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonTextValidator;
import dev.streamguard.json.MalformedJsonException;
import dev.streamguard.json.MemberValue;
import dev.streamguard.json.ShortText;
import dev.streamguard.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules for Anthropic Messages streams, event by event. Keeps the numbering of the content blocks, the open
 * tool-use blocks (name, whether input arrived, how the arguments stand), the first message's id and whether
 * the message stopped; never the content itself.
 */
public final class AnthropicMessagesProtocol implements StreamProtocol {
    private static final byte[] MESSAGE_START = ascii("message_start");
    private static final byte[] CONTENT_BLOCK_START = ascii("content_block_start");
    private static final byte[] CONTENT_BLOCK_DELTA = ascii("content_block_delta");
    private static final byte[] CONTENT_BLOCK_STOP = ascii("content_block_stop");
    private static final byte[] MESSAGE_DELTA = ascii("message_delta");
    private static final byte[] MESSAGE_STOP = ascii("message_stop");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] PING = ascii("ping");
    private static final byte[] INPUT_JSON_DELTA = ascii("input_json_delta");
    private static final byte[] TEXT_DELTA = ascii("text_delta");
    private static final byte[] EMPTY_STRING = {'"', '"'};
    private static final String[] TOOL_BLOCK_TYPES = {"tool_use", "server_tool_use", "mcp_tool_use"};
    private static final byte[][] TOOL_BLOCK_TYPE_BYTES = {ascii("tool_use"), ascii("server_tool_use"), ascii("mcp_tool_use")};

    private final AnthropicEventScanner scanner = new AnthropicEventScanner();
    private final AnthropicEvent event = new AnthropicEvent();
    private final JsonEdits edits = new JsonEdits();
    private final ByteBuilder added = new ByteBuilder(0);
    private final ByteBuilder after = new ByteBuilder(0);
    private final List<ToolUseBlock> openBlocks = new ArrayList<>(2);
    private final ReusedBlockIndexRule numbering = new ReusedBlockIndexRule();
    private final RepeatedMessageStartRule messageStarts = new RepeatedMessageStartRule();
    private final StreamStats stats;
    private final StreamContext context;
    private final ToolArgumentFlow arguments;
    private final EventTemplates templates;
    private final ToolCallMarkupRule markup;
    private final boolean failOnErrorEvent;
    private final EmptyEventRule emptyEvents = new EmptyEventRule();
    private boolean stopReasonSeen;
    private boolean messageStopped;
    private boolean errorSeen;
    private boolean lastWasPing;
    private boolean foreign;
    private boolean addedBefore;
    private boolean dropped;

    public AnthropicMessagesProtocol(StreamStats stats, StreamContext context, ToolArgumentFlow arguments,
                                     EventTemplates templates, ToolCallMarkupRule markup, boolean failOnErrorEvent) {
        this.markup = markup;
        this.failOnErrorEvent = failOnErrorEvent;
        this.stats = stats;
        this.context = context;
        this.arguments = arguments;
        this.templates = templates;
    }

    @Override
    public void onEvent(SseEvent sse, EventOutput out) throws StreamGuardException {
        templates.forget();
        lastWasPing = true;
        foreign = false;
        if (emptyEvents.dropIfEmpty(sse, out, stats)) {
            return;
        }
        if (!sse.hasData()) {
            out.keep(sse);
            return;
        }
        byte[] rejoined = emptyEvents.rejoinedName(sse);
        if (ExtraDoneRule.isDone(sse)) {
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
            lastWasPing = false;
            foreign = true;
            out.keep(sse);
            return;
        }
        lastWasPing = event.type.textIs(buf, PING);
        // A name cut from its data goes back to it (D29); an event that never had one gets its type (D18).
        byte[] name = rejoined != null ? rejoined : UnnamedEventRule.missingName(sse, buf, event);
        if (name != null && rejoined == null) {
            stats.count(Deviation.D18);
        }
        edits.clear();
        after.clear();
        addedBefore = false;
        dropped = false;
        if (event.type.textIs(buf, CONTENT_BLOCK_START)) {
            onBlockStart(buf, out);
        } else if (event.type.textIs(buf, CONTENT_BLOCK_DELTA)) {
            onBlockDelta(buf);
        } else if (event.type.textIs(buf, CONTENT_BLOCK_STOP)) {
            onBlockStop(out);
        } else if (event.type.textIs(buf, MESSAGE_START)) {
            onMessageStart(buf);
        } else if (event.type.textIs(buf, MESSAGE_DELTA)) {
            endOpenToolBlocks(out);
            stopReasonSeen |= event.stopReason.isNonNull();
            if (MissingUsageRule.deltaLacksUsage(event)) {
                stats.count(Deviation.D38);
                MissingUsageRule.addToDelta(event, edits);
            }
        } else if (event.type.textIs(buf, MESSAGE_STOP)) {
            endOpenToolBlocks(out);
            messageStopped = true;
        } else if (event.type.textIs(buf, ERROR)) {
            upstreamError(errorObjectFailure(buf));
        } else if (UntypedErrorRule.applies(sse, buf, event)) {
            stats.count(Deviation.D40);
            UntypedErrorRule.apply(event, edits);
            name = ErrorEventName.toAdd(sse);
            upstreamError(errorObjectFailure(buf));
        } else if (FlatErrorRule.applies(sse, event)) {
            stats.count(Deviation.D31);
            FlatErrorRule.apply(buf, event, edits);
            name = ErrorEventName.toAdd(sse);
            upstreamError(FlatErrorRule.failure(buf, event));
        } else if (!event.type.textIs(buf, PING)) {
            foreign = true;
        }
        if (dropped) {
            out.drop();
        } else if (name == null && edits.isEmpty()) {
            out.keep(sse);
            if (!addedBefore && after.length() == 0) {
                learnIfPlain(sse, buf);
            }
        } else {
            out.rewrite(sse, edits, name);
        }
        if (after.length() > 0) {
            out.add(CONTENT_BLOCK_DELTA, after);
        }
    }

    @Override
    public boolean terminated() {
        return messageStopped || errorSeen;
    }

    @Override
    public boolean lastEventForeign() {
        return foreign;
    }

    @Override
    public boolean awaitingTerminal() {
        return stopReasonSeen && !messageStopped && !errorSeen;
    }

    @Override
    public boolean lastEventWasKeepAlive() {
        return lastWasPing;
    }

    @Override
    public void terminalGraceExpired(EventOutput out) {
        stats.count(Deviation.D43);
        MissingMessageStopRule.apply(out);
        messageStopped = true;
    }

    /**
     * D41: the message ends (message_delta, message_stop, or the end of the body) while tool_use blocks are
     * still open. What a content_block_stop would check runs now (D17, D21), and the missing stop is added
     * before the event that ended the message, so that no client takes a cut input as the whole one.
     */
    private void endOpenToolBlocks(EventOutput out) throws StreamGuardException {
        while (!openBlocks.isEmpty()) {
            stats.count(Deviation.D41);
            addMissingStop(openBlocks.get(0).index, out);
        }
    }

    /**
     * The guard ends block {@code index} (the client's) that the upstream left open (D36, D41): what a
     * content_block_stop checks runs now, and the stop is added before the event at hand.
     */
    private void addMissingStop(int index, EventOutput out) throws StreamGuardException {
        ToolUseBlock block = block(index);
        if (block != null) {
            endBlock(block, out);
        }
        added.clear();
        ContentBlockStop.write(index, added);
        out.add(CONTENT_BLOCK_STOP, added);
        addedBefore = true;
        if (numbering.openClientIndex() == index) {
            numbering.endedByGuard();
        }
    }

    /**
     * An error event ends the stream. It passes, for the SDKs that raise it as their own typed error, and the
     * report says what it was; or, where setting {@code anthropic.error-event} says so (by default for a
     * reactive reader, where Spring AI 1.x drops it), the stream fails with its message instead.
     */
    private void upstreamError(StreamGuardException failure) throws StreamGuardException {
        errorSeen = true;
        if (failOnErrorEvent) {
            throw failure;
        }
        stats.upstreamError(failure);
    }

    /** As D12 words it: the message of the event's error object. */
    private StreamGuardException errorObjectFailure(byte[] buf) {
        return UpstreamErrorRule.failure(buf, event.errorMessage.isString() ? event.errorMessage.textStart() : -1,
                event.errorMessage.textEnd());
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
        if (messageStopped || errorSeen) {
            return;
        }
        if (stopReasonSeen && cutTail == 0) {
            stats.count(Deviation.D19);
            out.keepDataless(tail);
            endOpenToolBlocks(out);
            MissingMessageStopRule.apply(out);
            messageStopped = true;
            return;
        }
        TruncationMessage message = new TruncationMessage(stats, "before message_stop");
        if (!stopReasonSeen) {
            message.and("no message_delta carried a stop_reason");
        }
        for (ToolUseBlock b : openBlocks) {
            if (b.arguments().verdict() == JsonTextValidator.Verdict.INCOMPLETE) {
                message.and(b.describe() + " was open with " + b.arguments().length() + " bytes of unfinished input");
            } else {
                message.and(b.describe() + " was still open");
            }
        }
        if (openBlocks.isEmpty() && numbering.hasOpenBlock()) {
            message.and("content block " + numbering.openClientIndex() + " was still open");
        }
        throw message.cutEvent(cutTail).toException(stats);
    }

    /**
     * A text, thinking, signature or input_json delta of an open block (or a ping) teaches its shape: the
     * next events like it skip scanning.
     */
    private void learnIfPlain(SseEvent sse, byte[] buf) {
        if (stopReasonSeen) {
            // Events after the stop reason are seen one by one: any but a ping restarts the terminal grace.
            return;
        }
        templates.startLearning();
        if (event.type.textIs(buf, PING)) {
            templates.learn(sse, null);
            return;
        }
        if (!event.type.textIs(buf, CONTENT_BLOCK_DELTA)) {
            return;
        }
        if (event.partialJson.isString() && event.deltaType.textIs(buf, INPUT_JSON_DELTA)) {
            ToolUseBlock block = block(event.index);
            if (block != null) {
                templates.slot(event.partialJson.textStart(), event.partialJson.textEnd(), true);
                templates.learn(sse, block);
            }
        } else if (event.deltaPayload.isString() && !event.partialJson.present()
                && !(markup.active() && event.deltaType.textIs(buf, TEXT_DELTA))) {
            // (Text the markup rule reads, D45, must come through the rules.)
            templates.slot(event.deltaPayload.textStart(), event.deltaPayload.textEnd(), false);
            templates.learn(sse, null);
        }
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

    private void onBlockStart(byte[] buf, EventOutput out) throws StreamGuardException {
        int index = event.index;
        if (index >= 0) {
            if (numbering.hasOpenBlock() || numbering.mustMove(index)) {
                stats.count(Deviation.D36);
            }
            if (numbering.hasOpenBlock()) {
                addMissingStop(numbering.openClientIndex(), out);
            }
            index = numbering.start(index);
            renumber(index);
        }
        if (ThinkingSignatureRule.startLacksSignature(buf, event)) {
            stats.count(Deviation.D39);
            ThinkingSignatureRule.addEmptySignature(event, edits);
        }
        String type = toolBlockType(buf, event.blockType);
        if (type == null) {
            return;
        }
        ToolUseBlock block = new ToolUseBlock(index, type, ShortText.of(buf, event.blockName));
        arguments.startCall(block);
        openBlocks.add(block);
        if (StartBlockInputRule.applies(buf, event)) {
            stats.count(Deviation.D16);
            StartBlockInputRule.apply(index, buf, event, edits, after);
            block.gotInput = true;
            arguments.addText(block, buf, event.blockInput.valueStart(), event.blockInput.valueEnd());
        }
    }

    private void onBlockDelta(byte[] buf) throws StreamGuardException {
        if (numbering.wasEndedByGuard(event.index)) {
            throw ReusedBlockIndexRule.contentAfterEnd(event.index);
        }
        int index = numbering.clientIndex(event.index);
        renumber(index);
        if (ThinkingSignatureRule.signatureInThinkingDelta(buf, event)) {
            stats.count(Deviation.D39);
            ThinkingSignatureRule.move(index, buf, event, edits, after);
        }
        if (markup.active() && event.deltaType.textIs(buf, TEXT_DELTA) && event.deltaPayload.isString()) {
            markup.text(buf, event.deltaPayload.textStart(), event.deltaPayload.textEnd(), "content block", index);
        }
        if (!event.deltaType.textIs(buf, INPUT_JSON_DELTA) || !event.partialJson.isString()) {
            return;
        }
        ToolUseBlock block = block(index);
        if (block == null) {
            block = new ToolUseBlock(index, "input", "");
            arguments.startCall(block);
            openBlocks.add(block);
        }
        block.gotInput = true;
        if (!arguments.addEscaped(block, buf, event.partialJson.textStart(), event.partialJson.textEnd())) {
            edits.replace(event.partialJson.valueStart(), event.partialJson.valueEnd(), EMPTY_STRING);
        }
    }

    private void onBlockStop(EventOutput out) throws StreamGuardException {
        if (numbering.wasEndedByGuard(event.index)) {
            // The client has this block's stop from the guard already.
            numbering.forget(event.index);
            dropped = true;
            return;
        }
        int index = numbering.clientIndex(event.index);
        renumber(index);
        if (numbering.isOpen(event.index)) {
            numbering.stopped();
        }
        ToolUseBlock block = block(index);
        if (block != null) {
            endBlock(block, out);
        }
    }

    /** D37 (a repeated start is dropped; another message fails) and D38 (the message's usage). */
    private void onMessageStart(byte[] buf) throws StreamGuardException {
        if (messageStarts.started()) {
            stats.count(Deviation.D37);
            StreamGuardException failure = messageStarts.anotherMessage(buf, event);
            if (failure != null) {
                throw failure;
            }
            dropped = true;
            return;
        }
        messageStarts.start(buf, event);
        if (MissingUsageRule.startLacksUsage(event)) {
            stats.count(Deviation.D38);
            MissingUsageRule.addToStart(event, edits);
        }
    }

    /** The event's index becomes {@code index} where the upstream's differs (D36). */
    private void renumber(int index) {
        if (index != event.index) {
            edits.replace(event.indexValue.valueStart(), event.indexValue.valueEnd(), ascii(Integer.toString(index)));
        }
    }

    /** The checks at the end of a tool_use block: its input was lost (D17) or is not whole JSON (D21). */
    private void endBlock(ToolUseBlock block, EventOutput out) throws StreamGuardException {
        openBlocks.remove(block);
        if (LostToolInputRule.applies(block)) {
            stats.count(Deviation.D17);
            StreamGuardException failure = LostToolInputRule.failureIfRequired(block, context.requestFacts());
            if (failure != null) {
                throw failure;
            }
            added.clear();
            LostToolInputRule.emptyInput(block, added);
            out.add(InputJsonDelta.EVENT_NAME, added);
            addedBefore = true;
            return;
        }
        arguments.end(block);
    }

    private ToolUseBlock block(int index) {
        for (ToolUseBlock b : openBlocks) {
            if (b.index == index) {
                return b;
            }
        }
        return null;
    }

    private static String toolBlockType(byte[] buf, MemberValue type) {
        for (int i = 0; i < TOOL_BLOCK_TYPES.length; i++) {
            if (type.textIs(buf, TOOL_BLOCK_TYPE_BYTES[i])) {
                return TOOL_BLOCK_TYPES[i];
            }
        }
        return null;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
