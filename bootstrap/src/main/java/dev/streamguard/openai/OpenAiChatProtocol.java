package dev.streamguard.openai;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Cap;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.EmptyEventRule;
import dev.streamguard.core.EventOutput;
import dev.streamguard.core.EventTemplates;
import dev.streamguard.core.ExtraDoneRule;
import dev.streamguard.core.Fingerprint;
import dev.streamguard.core.StreamProtocol;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.ToolArgumentFlow;
import dev.streamguard.core.ToolCallMarkupRule;
import dev.streamguard.core.UpstreamErrorRule;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.MalformedJsonException;
import dev.streamguard.json.MemberValue;
import dev.streamguard.sse.SseEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rules for OpenAI Chat Completions streams ({@code chat.completion.chunk}), event by event. Keeps
 * per choice whether it spoke its role, called tools and finished, and per tool call its identity and
 * how its arguments stand; never the content or the arguments themselves.
 */
public final class OpenAiChatProtocol implements StreamProtocol {
    private static final int MAX_CHOICES = 1024;

    private final OpenAiChunkScanner scanner = new OpenAiChunkScanner();
    private final OpenAiChunk chunk = new OpenAiChunk();
    private final JsonEdits edits = new JsonEdits();
    private final List<ChoiceState> choices = new ArrayList<>(1);
    private final StreamStats stats;
    private final ToolArgumentFlow arguments;
    private final EventTemplates templates;
    private final ToolCallMarkupRule markup;
    private final ChunkIdentity identity = new ChunkIdentity();
    private final UsageOnChoiceChunkRule usage = new UsageOnChoiceChunkRule();
    private final RepeatedFinishRule finishes;
    private final LateToolCallHeaderRule headers;
    private final EmptyEventRule emptyEvents = new EmptyEventRule();
    private EventOutput out;
    private boolean doneSeen;
    private boolean foreign;
    private boolean keepAlive;
    /** The event in hand is the body's last: nothing is held for a next one. */
    private boolean atEnd;
    /** Choices of the chunk in hand that only repeat a finish, with nothing else (D24). */
    private int repeatOnlyChoices;
    /** The call of the last tool-call delta when it was a plain continuation (index and arguments only). */
    private ToolCallState plainContinuation;

    public OpenAiChatProtocol(StreamStats stats, ToolArgumentFlow arguments, EventTemplates templates, ToolCallMarkupRule markup) {
        this.stats = stats;
        this.arguments = arguments;
        this.templates = templates;
        this.markup = markup;
        this.finishes = new RepeatedFinishRule(stats, arguments);
        this.headers = new LateToolCallHeaderRule(stats, identity);
    }

    @Override
    public void onEvent(SseEvent event, EventOutput out) throws StreamGuardException {
        this.out = out;
        templates.forget();
        foreign = false;
        keepAlive = !event.hasFields();
        if (emptyEvents.dropIfEmpty(event, out, stats)) {
            return;
        }
        if (!event.hasData()) {
            out.keep(event);
            holdAlong(event);
            return;
        }
        byte[] name = emptyEvents.rejoinedName(event);
        if (ExtraDoneRule.isDone(event)) {
            closeChoices();
            doneSeen = true;
            endAllCalls();
            keepOrName(event, name);
            return;
        }
        byte[] buf = event.dataArray();
        try {
            scanner.scan(buf, event.dataStart(), event.dataEnd(), chunk);
        } catch (MalformedJsonException e) {
            // A lenient client may still read it: what it carries under argument keys counts all the same.
            stats.malformedEvent();
            foreign = true;
            keepOrName(event, name);
            holdAlong(event);
            return;
        }
        if (chunk.isError) {
            stats.count(Deviation.D12);
            throw UpstreamErrorRule.failure(buf, chunk.errorMessageStart, chunk.errorMessageEnd);
        }
        if (OtherErrorShapeRule.applies(event, chunk)) {
            stats.count(Deviation.D31);
            throw OtherErrorShapeRule.failure(buf, chunk);
        }
        foreign = !chunk.choices.present() && !chunk.usage.present() && !chunk.error.present();
        edits.clear();
        if (EmptyErrorRule.apply(chunk, edits)) {
            stats.count(Deviation.D30);
        }
        if (!foreign && identity.apply(buf, chunk, edits)) {
            stats.count(Deviation.D26);
        }
        if (UsageOnChoiceChunkRule.isUsageOnly(chunk)) {
            // It carries the last usage: none taken off a choice chunk before it goes out besides.
            usage.usageOnlyChunkPassed();
            closeChoices();
            write(event, name);
            return;
        }
        if (foreign) {
            write(event, name);
            holdAlong(event);
            return;
        }
        beforeChunk();
        plainContinuation = null;
        repeatOnlyChoices = 0;
        for (int i = 0; i < chunk.choiceCount; i++) {
            onChoice(buf, chunk.choice(i), i);
        }
        if (UsageOnChoiceChunkRule.applies(chunk)) {
            stats.count(usage.apply(event, chunk, edits, identity));
        }
        if (repeatOnlyChoices > 0 && repeatOnlyChoices == chunk.choiceCount) {
            // Nothing but finishes the choices had already: the chunk says nothing (D24).
            out.drop();
            finishes.afterChunk(false, event, edits, out);
            return;
        }
        boolean holdingCalls = headers.holding();
        if (holdingCalls) {
            headers.afterChunk(out.heldBytes());
            headers.releaseIfResolved(out);
            holdingCalls = headers.holding();
        }
        write(event, name);
        if (holdingCalls) {
            out.hold(event, null);
        }
        finishes.afterChunk(!holdingCalls && !atEnd, event, edits, out);
        if (!holdingCalls && !finishes.holding() && edits.isEmpty() && name == null) {
            learnIfPlain(event);
        }
    }

    /** Before the chunk's choices are read: the held events that it decides go out (D24, D27). */
    private void beforeChunk() throws StreamGuardException {
        if (finishes.holding()) {
            boolean early = false;
            for (int i = 0; i < chunk.choiceCount && !early; i++) {
                ChoiceDelta c = chunk.choice(i);
                early = RepeatedFinishRule.continues(existingChoice(c.index >= 0 ? c.index : i), c);
            }
            finishes.release(early, out);
        }
        if (headers.holding()) {
            headers.beforeChunk(chunk, out);
        }
    }

    /** The choices are over ([DONE], the usage-only chunk, the end of the body): everything held goes out. */
    private void closeChoices() throws StreamGuardException {
        headers.resolveAll(out);
        finishes.release(false, out);
        finishes.writePending(choices, identity, out);
        usage.writePending(out);
    }

    /**
     * An event that decides nothing (a comment, an event of another kind) stays behind what is held. Past the
     * hold limit, what is held goes out: a held finish as it came, held calls with their header (D27).
     */
    private void holdAlong(SseEvent event) throws StreamGuardException {
        if (!finishes.holding() && !headers.holding()) {
            return;
        }
        out.hold(event, null);
        if (out.heldBytes() > LateToolCallHeaderRule.HOLD_LIMIT) {
            if (headers.holding()) {
                headers.afterChunk(out.heldBytes());
                headers.releaseIfResolved(out);
            } else {
                finishes.release(false, out);
            }
        }
    }

    private void write(SseEvent event, byte[] name) {
        if (edits.isEmpty() && name == null) {
            out.keep(event);
        } else {
            out.rewrite(event, edits, name);
        }
    }

    private void keepOrName(SseEvent event, byte[] name) {
        if (name == null) {
            out.keep(event);
        } else {
            edits.clear();
            out.rewrite(event, edits, name);
        }
    }

    /**
     * A chunk with one choice that carries only text or one continuation fragment (no role, finish, usage,
     * error or new call) teaches its shape: the next chunks like it skip scanning.
     */
    private void learnIfPlain(SseEvent event) {
        if (chunk.choiceCount != 1 || chunk.usage.is(JsonKind.OBJECT)) {
            return;
        }
        ChoiceDelta c = chunk.choice(0);
        if (c.role.present() || c.finishReason.isNonNull() || c.toolCallCount > 1
                || (c.toolCallCount == 1 && plainContinuation == null)) {
            return;
        }
        if (c.content.isString() && markup.active()) {
            // Text the markup rule reads (D45) must come through the rules.
            return;
        }
        templates.startLearning();
        if (c.content.isString()) {
            templates.slot(c.content.textStart(), c.content.textEnd(), false);
        }
        if (plainContinuation != null) {
            ToolCallDelta t = c.toolCall(0);
            templates.slot(t.arguments.textStart(), t.arguments.textEnd(), true);
        }
        if (chunk.obfuscation.isString()) {
            templates.slot(chunk.obfuscation.textStart(), chunk.obfuscation.textEnd(), false);
        }
        templates.learn(event, plainContinuation);
    }

    @Override
    public boolean terminated() {
        return doneSeen;
    }

    @Override
    public boolean lastEventForeign() {
        return foreign;
    }

    /** Every choice finished but no [DONE] came yet: waiting for it is bounded by the terminal grace. */
    @Override
    public boolean awaitingTerminal() {
        return !doneSeen && MissingDoneRule.applies(choices);
    }

    @Override
    public boolean lastEventWasKeepAlive() {
        return keepAlive;
    }

    /** Every choice finished, then silence: the guard writes what it held and [DONE] (D14), and the body ends. */
    @Override
    public void terminalGraceExpired(EventOutput out) throws StreamGuardException {
        this.out = out;
        stats.count(Deviation.D14);
        closeChoices();
        endAllCalls();
        MissingDoneRule.apply(out);
        doneSeen = true;
    }

    @Override
    public void onEnd(SseEvent tail, EventOutput out) throws StreamGuardException {
        this.out = out;
        int cutTail = 0;
        if (tail != null && tail.hasData()) {
            if (isWhole(tail)) {
                atEnd = true;
                onEvent(tail, out);
            } else {
                cutTail = tail.rawLength();
            }
        }
        if (doneSeen) {
            return;
        }
        if (cutTail == 0 && MissingDoneRule.applies(choices)) {
            stats.count(Deviation.D14);
            // The [DONE] the guard adds ends the tool calls as the upstream's own would: unfinished arguments fail.
            closeChoices();
            endAllCalls();
            out.keepDataless(tail);
            MissingDoneRule.apply(out);
            return;
        }
        throw TruncatedStreamRule.failure(stats, choices, cutTail);
    }

    private boolean isWhole(SseEvent tail) {
        if (ExtraDoneRule.isDone(tail)) {
            return true;
        }
        try {
            scanner.scan(tail.dataArray(), tail.dataStart(), tail.dataEnd(), chunk);
            return true;
        } catch (MalformedJsonException e) {
            return false;
        }
    }

    private void onChoice(byte[] buf, ChoiceDelta c, int position) throws StreamGuardException {
        ChoiceState choice = choice(c.index >= 0 ? c.index : position);
        if (c.hasDelta) {
            if (RepeatedRoleRule.apply(c, choice, edits)) {
                stats.count(Deviation.D2);
            }
            if (ReasoningAliasRule.apply(buf, c, edits)) {
                stats.count(Deviation.D33);
            }
            if (c.content.isString() && markup.active()) {
                markup.text(buf, c.content.textStart(), c.content.textEnd(), "choice", choice.index);
            }
            for (int j = 0; j < c.toolCallCount; j++) {
                onToolCall(buf, choice, c.toolCall(j));
            }
        }
        FinishReasonRule.Result finish = FinishReasonRule.apply(buf, c, choice, edits);
        if (finish == FinishReasonRule.Result.REPAIRED_FINISH || finish == FinishReasonRule.Result.REPAIRED_NO_FINISH) {
            stats.count(Deviation.D11);
        }
        if (finish != FinishReasonRule.Result.FINISH && finish != FinishReasonRule.Result.REPAIRED_FINISH) {
            return;
        }
        if (choice.finished) {
            finishes.repeated(c, edits);
            if (!c.hasDelta || c.delta.count() == 0) {
                repeatOnlyChoices++;
            }
            return;
        }
        finishes.finishing(choice, c, finish == FinishReasonRule.Result.REPAIRED_FINISH ? FinishReasonRule.TOOL_CALLS
                : Arrays.copyOfRange(buf, c.finishReason.valueStart(), c.finishReason.valueEnd()));
    }

    private void onToolCall(byte[] buf, ChoiceState choice, ToolCallDelta t) throws StreamGuardException {
        choice.hadToolCalls = true;
        boolean metadataOnly = MetadataOnlyToolCallRule.applies(t);
        ToolCallState call;
        boolean continuation;
        boolean idHandled = false;
        if (t.id.hasText()) {
            int start = t.id.textStart();
            int len = t.id.textEnd() - start;
            long fingerprint = Fingerprint.of(buf, start, len);
            call = choice.byId(fingerprint, len);
            continuation = call != null;
            if (call == null) {
                ToolCallState existing = t.hasIndex() ? choice.byProviderIndex(t.signedIndex) : choice.mostRecent();
                LateToolCallIdRule.Match late = LateToolCallIdRule.classify(t, existing);
                if (late != LateToolCallIdRule.Match.NONE) {
                    if (existing.heldHeader == null) {
                        stats.count(Deviation.D27);
                    }
                    LateToolCallIdRule.apply(late, t, existing, fingerprint, len, edits);
                    call = existing;
                    continuation = true;
                    idHandled = true;
                } else {
                    call = newCall(choice, t, fingerprint, len);
                }
            }
        } else {
            call = t.hasIndex() ? choice.byProviderIndex(t.signedIndex) : choice.mostRecent();
            continuation = call != null;
            if (call == null) {
                call = newCall(choice, t, 0, 0);
            }
        }
        onToolCallIndex(t, call, metadataOnly);
        if (!continuation && LateToolCallHeaderRule.applies(t)) {
            headers.start(choice, call, out.heldBytes());
        }
        if (call.heldHeader != null) {
            LateToolCallHeaderRule.absorb(buf, t, call, edits);
            if (t.name.hasText()) {
                call.appendName(buf, t.name.textStart(), t.name.textEnd());
            }
        } else {
            if (RepeatedToolTypeRule.apply(t, continuation && call.typeSeen, edits)) {
                stats.count(Deviation.D1);
            }
            if (!idHandled && RepeatedToolCallIdRule.apply(t, continuation, edits)) {
                stats.count(Deviation.D3);
            }
            if (RepeatedFunctionNameRule.apply(buf, t, call, continuation, edits)) {
                stats.count(Deviation.D4);
            }
            for (int n = EmptyContinuationFieldRule.apply(t, continuation, edits); n > 0; n--) {
                stats.count(Deviation.D5);
            }
        }
        call.typeSeen |= t.type.hasText();
        if (!continuation) {
            arguments.startCall(call);
        }
        if (!t.functionPresent && (metadataOnly || call.heldHeader != null)) {
            MetadataOnlyToolCallRule.addFunction(t, edits);
        }
        onArguments(buf, t.arguments, call);
        if (continuation && t.indexValue == call.index && !t.id.present() && !t.type.present() && !t.name.present()
                && t.arguments.isString() && t.function.count() == 1 && t.members.count() == 2) {
            plainContinuation = call;
        }
    }

    /** The delta gets its call's index: written where it had none (D6, D35), rewritten where it had another (D7, D34). */
    private void onToolCallIndex(ToolCallDelta t, ToolCallState call, boolean metadataOnly) {
        if (metadataOnly) {
            stats.count(Deviation.D35);
            MissingToolCallIndexRule.apply(t, call, edits);
            SparseToolCallIndexRule.apply(t, call, edits);
            return;
        }
        if (MissingToolCallIndexRule.apply(t, call, edits)) {
            stats.count(Deviation.D6);
            return;
        }
        Deviation moved = SparseToolCallIndexRule.apply(t, call, edits);
        if (moved != null) {
            stats.count(moved);
        }
    }

    private static ToolCallState newCall(ChoiceState choice, ToolCallDelta t, long idFingerprint, int idLength) {
        boolean collides = CollidingToolCallIndexRule.collides(t, choice);
        ToolCallState call = new ToolCallState(choice.nextIndex(), t.hasIndex() ? t.signedIndex : ToolCallDelta.NO_INDEX,
                idFingerprint, idLength);
        call.movedByCollision = collides;
        choice.calls.add(call);
        return call;
    }

    private void onArguments(byte[] buf, MemberValue args, ToolCallState call) throws StreamGuardException {
        if (!args.present()) {
            return;
        }
        if (NullArgumentsRule.apply(args, edits)) {
            stats.count(Deviation.D9);
            return;
        }
        boolean added;
        if (ObjectArgumentsRule.applies(args)) {
            added = arguments.addText(call, buf, args.valueStart(), args.valueEnd());
            if (added) {
                stats.count(Deviation.D8);
                ObjectArgumentsRule.apply(buf, args, edits);
            }
        } else {
            added = arguments.addEscaped(call, buf, args.textStart(), args.textEnd());
        }
        if (!added) {
            NullArgumentsRule.empty(args, edits);
        }
    }

    private void endAllCalls() throws StreamGuardException {
        for (ChoiceState c : choices) {
            for (ToolCallState call : c.calls) {
                arguments.end(call);
            }
        }
    }

    /** The guard follows a bounded number of choices; a stream with more fails rather than going unguarded. */
    private StreamGuardException tooManyChoices(int index) {
        stats.capHit(Cap.CHOICES);
        return new StreamGuardException(StreamGuardException.Cause.CAP_EXCEEDED, "the stream has more than " + MAX_CHOICES
                + " choices, the most the guard follows; choice " + index + " would be one more");
    }

    private ChoiceState existingChoice(int index) {
        for (ChoiceState c : choices) {
            if (c.index == index) {
                return c;
            }
        }
        return null;
    }

    private ChoiceState choice(int index) throws StreamGuardException {
        ChoiceState existing = existingChoice(index);
        if (existing != null) {
            return existing;
        }
        if (choices.size() >= MAX_CHOICES) {
            throw tooManyChoices(index);
        }
        ChoiceState c = new ChoiceState(index);
        choices.add(c);
        return c;
    }
}
