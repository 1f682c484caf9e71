package dev.streamguard.gemini;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.BodyTail;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.EmptyEventRule;
import dev.streamguard.core.EventOutput;
import dev.streamguard.core.EventTemplates;
import dev.streamguard.core.ExtraDoneRule;
import dev.streamguard.core.StreamProtocol;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.ToolArgumentFlow;
import dev.streamguard.json.MalformedJsonException;
import dev.streamguard.sse.SseEvent;

/**
 * The rules for Gemini streams ({@code streamGenerateContent?alt=sse}), chunk by chunk. The guard repairs nothing in
 * them: it caps function calls (G3), fails on an error chunk (G2) and on a cut body (G1), reports unusual finishes
 * (G4) and ends the body after the chunk in which every candidate finished (G5). Keeps which candidates finished and
 * the streamed calls still open; never the content.
 */
public final class GeminiProtocol implements StreamProtocol {
    private final GeminiChunkScanner scanner = new GeminiChunkScanner();
    private final GeminiChunk chunk = new GeminiChunk();
    private final EmptyEventRule emptyEvents = new EmptyEventRule();
    private final CandidateFinishes finishes = new CandidateFinishes();
    private final FunctionCallRule calls;
    private final FinishReasonRule finishReasons;
    private final StreamStats stats;
    private final EventTemplates templates;
    private final int expectedCandidates;
    /** Every candidate shown so far has finished: the body may end here (no G1). */
    private boolean complete;
    /** And no other candidate can come, or the prompt was blocked: the body ends here (G5). */
    private boolean terminated;
    private boolean foreign;
    /** G2: the error chunk goes out, then the stream fails. */
    private StreamGuardException failureAfterEvent;

    /**
     * @param expectedCandidates how many candidates the request asked for (0: it did not say, so one): the stream
     *                           ends after the chunk in which that many have finished
     */
    public GeminiProtocol(StreamStats stats, ToolArgumentFlow arguments, EventTemplates templates, boolean failOnFinishReason,
                          int expectedCandidates) {
        this.stats = stats;
        this.templates = templates;
        templates.forget();
        this.expectedCandidates = Math.max(1, expectedCandidates);
        this.calls = new FunctionCallRule(arguments, stats);
        this.finishReasons = new FinishReasonRule(failOnFinishReason, stats);
    }

    @Override
    public void onEvent(SseEvent sse, EventOutput out) throws StreamGuardException {
        foreign = false;
        if (emptyEvents.dropIfEmpty(sse, out, stats)) {
            return;
        }
        if (!sse.hasData()) {
            out.keep(sse);
            return;
        }
        if (ExtraDoneRule.isDone(sse)) {
            // [DONE] is no Gemini event; after the last chunk the engine drops it anyway.
            stats.count(Deviation.D13);
            out.drop();
            return;
        }
        byte[] buf = sse.dataArray();
        try {
            scanner.scan(buf, sse.dataStart(), sse.dataEnd(), chunk);
        } catch (MalformedJsonException e) {
            // A lenient client may still read it: what it carries under argument keys counts all the same.
            stats.malformedEvent();
            foreign = true;
            out.keep(sse);
            return;
        }
        if (ErrorChunkRule.applies(buf, chunk)) {
            failureAfterEvent = ErrorChunkRule.failure(buf, chunk, stats);
            terminated = true;
            out.keep(sse);
            return;
        }
        if (!chunk.gemini) {
            foreign = true;
            out.keep(sse);
            return;
        }
        calls.apply(buf, chunk);
        onCandidates(buf);
        if (chunk.blockReason.isString()) {
            // A blocked prompt gets no candidates: the chunk that says so is the last.
            finishReasons.blocked(buf, chunk.blockReason.textStart(), chunk.blockReason.textEnd());
            terminated = true;
        }
        // Where the request asked for more than one candidate, one not shown yet may still come, unfinished.
        complete = finishes.allFinished();
        terminated |= complete && finishes.seen() >= expectedCandidates;
        learnIfPlain(sse);
        out.keep(sse);
    }

    /**
     * A chunk of one candidate's text, with no finish, call or error, leaves every rule as it was: its shape is
     * learned, so that the next such chunks go out without a scan (the text and growing token counts as slots).
     */
    private void learnIfPlain(SseEvent sse) {
        if (chunk.candidates != 1 || chunk.calls > 0 || chunk.finishStart[0] >= 0 || chunk.shapeOverflow || terminated
                || chunk.blockReason.isString() || !calls.open().isEmpty()) {
            return;
        }
        templates.startLearning();
        for (int i = 0; i < chunk.shapeSlots; i++) {
            if (chunk.shapeInteger[i]) {
                templates.integer(chunk.shapeStart[i], chunk.shapeEnd[i]);
            } else {
                templates.slot(chunk.shapeStart[i], chunk.shapeEnd[i], false);
            }
        }
        templates.learn(sse, null);
    }

    private void onCandidates(byte[] buf) throws StreamGuardException {
        if (chunk.candidatesOverflow) {
            throw CandidateFinishes.tooMany(stats);
        }
        for (int c = 0; c < chunk.candidates; c++) {
            int slot = finishes.saw(chunk.candidateIndex[c], stats);
            if (chunk.finishStart[c] >= 0) {
                finishes.finish(slot);
                finishReasons.finished(chunk.candidateIndex[c], buf, chunk.finishStart[c], chunk.finishEnd[c],
                        chunk.finishMessageStart[c], chunk.finishMessageEnd[c]);
            }
        }
    }

    @Override
    public void onEnd(SseEvent tail, EventOutput out) throws StreamGuardException {
        int cutTail = BodyTail.handle(tail, this, out, (data, start, end) -> scanner.scan(data, start, end, chunk));
        if (failureAfterEvent != null) {
            // An error chunk without its blank line, at the end of the body.
            throw failureAfterEvent;
        }
        if (terminated || (complete && cutTail == 0)) {
            return;
        }
        throw MissingFinishReasonRule.failure(stats, finishes, calls.open(), cutTail);
    }

    /** CRLF is the reference framing of Gemini streams (Google's servers send it): not D22 there. */
    @Override
    public boolean framesWithOtherLineEnds() {
        return true;
    }

    @Override
    public boolean lastEventForeign() {
        return foreign;
    }

    @Override
    public boolean terminated() {
        return terminated;
    }

    @Override
    public StreamGuardException failureAfterEvent() {
        return failureAfterEvent;
    }

    @Override
    public Deviation heldOpenDeviation() {
        return Deviation.G5;
    }
}
