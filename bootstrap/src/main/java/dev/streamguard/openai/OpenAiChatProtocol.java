package dev.streamguard.openai;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Cap;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.EventOutput;
import dev.streamguard.core.EventTemplates;
import dev.streamguard.core.ExtraDoneRule;
import dev.streamguard.core.Fingerprint;
import dev.streamguard.core.StreamProtocol;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.ToolArgumentFlow;
import dev.streamguard.core.UpstreamErrorRule;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.MalformedJsonException;
import dev.streamguard.json.MemberValue;
import dev.streamguard.sse.SseEvent;
import java.util.ArrayList;
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
    private final JsonEdits usageOnly = new JsonEdits();
    private final List<ChoiceState> choices = new ArrayList<>(1);
    private final StreamStats stats;
    private final ToolArgumentFlow arguments;
    private final EventTemplates templates;
    private boolean doneSeen;
    private boolean foreign;
    /** The call of the last tool-call delta when it was a plain continuation (index and arguments only). */
    private ToolCallState plainContinuation;

    public OpenAiChatProtocol(StreamStats stats, ToolArgumentFlow arguments, EventTemplates templates) {
        this.stats = stats;
        this.arguments = arguments;
        this.templates = templates;
    }

    @Override
    public void onEvent(SseEvent event, EventOutput out) throws StreamGuardException {
        templates.forget();
        foreign = false;
        if (!event.hasData()) {
            out.keep(event);
            return;
        }
        if (ExtraDoneRule.isDone(event)) {
            doneSeen = true;
            endAllCalls();
            out.keep(event);
            return;
        }
        byte[] buf = event.dataArray();
        try {
            scanner.scan(buf, event.dataStart(), event.dataEnd(), chunk);
        } catch (MalformedJsonException e) {
            // A lenient client may still read it: what it carries under argument keys counts all the same.
            stats.malformedEvent();
            foreign = true;
            out.keep(event);
            return;
        }
        foreign = !chunk.choices.present() && !chunk.usage.present() && !chunk.error.present();
        if (chunk.isError) {
            stats.count(Deviation.D12);
            throw UpstreamErrorRule.failure(buf, chunk.errorMessageStart, chunk.errorMessageEnd);
        }
        edits.clear();
        if (EmptyErrorRule.apply(chunk, edits)) {
            stats.count(Deviation.D30);
        }
        plainContinuation = null;
        for (int i = 0; i < chunk.choiceCount; i++) {
            onChoice(buf, chunk.choice(i), i);
        }
        if (UsageOnChoiceChunkRule.applies(chunk)) {
            stats.count(Deviation.D23);
            UsageOnChoiceChunkRule.apply(event, chunk, edits, usageOnly, out);
        } else if (!edits.isEmpty()) {
            out.rewrite(event, edits, null);
        } else {
            out.keep(event);
            learnIfPlain(event);
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
        if (doneSeen) {
            return;
        }
        if (cutTail == 0 && MissingDoneRule.applies(choices)) {
            stats.count(Deviation.D14);
            // The [DONE] the guard adds ends the tool calls as the upstream's own would: unfinished arguments fail.
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
            for (int j = 0; j < c.toolCallCount; j++) {
                onToolCall(buf, choice, c.toolCall(j));
            }
        }
        FinishReasonRule.Result finish = FinishReasonRule.apply(buf, c, choice, edits);
        if (finish == FinishReasonRule.Result.REPAIRED_FINISH || finish == FinishReasonRule.Result.REPAIRED_NO_FINISH) {
            stats.count(Deviation.D11);
        }
        if ((finish == FinishReasonRule.Result.FINISH || finish == FinishReasonRule.Result.REPAIRED_FINISH) && !choice.finished) {
            choice.finished = true;
            for (ToolCallState call : choice.calls) {
                arguments.end(call);
            }
        }
    }

    private void onToolCall(byte[] buf, ChoiceState choice, ToolCallDelta t) throws StreamGuardException {
        choice.hadToolCalls = true;
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
                ToolCallState existing = t.indexValue >= 0 ? choice.byProviderIndex(t.indexValue) : choice.mostRecent();
                LateToolCallIdRule.Match late = LateToolCallIdRule.classify(t, existing);
                if (late != LateToolCallIdRule.Match.NONE) {
                    stats.count(Deviation.D27);
                    LateToolCallIdRule.apply(late, t, existing, fingerprint, len, edits);
                    call = existing;
                    continuation = true;
                    idHandled = true;
                } else {
                    call = newCall(choice, t, fingerprint, len);
                }
            }
        } else {
            call = t.indexValue >= 0 ? choice.byProviderIndex(t.indexValue) : choice.mostRecent();
            continuation = call != null;
            if (call == null) {
                call = newCall(choice, t, 0, 0);
            }
        }
        if (MissingToolCallIndexRule.apply(t, call, edits)) {
            stats.count(Deviation.D6);
        } else if (CollidingToolCallIndexRule.apply(t, call, edits)) {
            stats.count(Deviation.D7);
        }
        if (RepeatedToolTypeRule.apply(t, continuation && call.typeSeen, edits)) {
            stats.count(Deviation.D1);
        }
        call.typeSeen |= t.type.hasText();
        if (!idHandled && RepeatedToolCallIdRule.apply(t, continuation, edits)) {
            stats.count(Deviation.D3);
        }
        if (RepeatedFunctionNameRule.apply(buf, t, call, continuation, edits)) {
            stats.count(Deviation.D4);
        }
        if (!continuation) {
            arguments.startCall(call);
        }
        for (int n = EmptyContinuationFieldRule.apply(t, continuation, edits); n > 0; n--) {
            stats.count(Deviation.D5);
        }
        onArguments(buf, t.arguments, call);
        if (continuation && t.indexValue == call.index && !t.id.present() && !t.type.present() && !t.name.present()
                && t.arguments.isString() && t.function.count() == 1 && t.members.count() == 2) {
            plainContinuation = call;
        }
    }

    private static ToolCallState newCall(ChoiceState choice, ToolCallDelta t, long idFingerprint, int idLength) {
        int provider = t.indexValue;
        int ours = provider >= 0 && choice.byIndex(provider) == null ? provider : choice.nextFreeIndex();
        ToolCallState call = new ToolCallState(ours, provider, idFingerprint, idLength);
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

    private ChoiceState choice(int index) throws StreamGuardException {
        for (ChoiceState c : choices) {
            if (c.index == index) {
                return c;
            }
        }
        if (choices.size() >= MAX_CHOICES) {
            throw tooManyChoices(index);
        }
        ChoiceState c = new ChoiceState(index);
        choices.add(c);
        return c;
    }
}
