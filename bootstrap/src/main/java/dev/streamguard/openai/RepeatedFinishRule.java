package dev.streamguard.openai;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.EventOutput;
import dev.streamguard.core.StreamStats;
import dev.streamguard.core.ToolArgumentFlow;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * D24: sglang, GLM through several relays, OpenRouter (Qwen) and open-webui finish a choice more than once:
 * the finish repeated on the next chunk, or a finish followed by more deltas of the same choice ({@code "stop"}
 * on the first chunk, then the content). openai-java's accumulator builds the completion at the first finish
 * of every choice and fails on the next chunk ({@code Already accumulated the final chunk(s)}). The client
 * must see one finish per choice, after all of that choice's deltas.
 *
 * <p>Whether a finish was the last cannot be known from its chunk: the chunk that carries a choice's first
 * finish is held back until the next event (one event, never more). If that event carries more of the choice,
 * the held chunk goes out without its finish, which is written in a chunk of its own at the end of the stream
 * (before the usage chunk and {@code [DONE]}); otherwise it goes out as it came. A finish on a choice that has
 * one is dropped, and a chunk left with nothing else is dropped whole. ({@code finish_reason:""} on every chunk
 * is no finish at all: D11 turns it into null.)
 */
final class RepeatedFinishRule {
    private static final byte[] NULL = ascii("null");
    private static final byte[] CHOICES_HEAD = ascii("\"choices\":[{\"index\":");
    private static final byte[] FINISH_MIDDLE = ascii(",\"delta\":{},\"finish_reason\":");
    private static final byte[] FINISH_TAIL = ascii("}]}");

    private final List<ChoiceState> finishingNow = new ArrayList<>(1);
    private final List<ChoiceState> held = new ArrayList<>(1);
    private final JsonEdits alternative = new JsonEdits();
    private final List<int[]> finishSpans = new ArrayList<>(1);
    private final ByteBuilder chunk = new ByteBuilder(0);
    private final StreamStats stats;
    private final ToolArgumentFlow arguments;

    RepeatedFinishRule(StreamStats stats, ToolArgumentFlow arguments) {
        this.stats = stats;
        this.arguments = arguments;
    }

    boolean holding() {
        return !held.isEmpty();
    }

    /** Whether {@code choice}'s finish is in the held chunk and {@code c} brings more of it: that finish was early. */
    static boolean continues(ChoiceState choice, ChoiceDelta c) {
        return choice != null && choice.finishHeld && c.hasDelta && c.delta.count() > 0;
    }

    /** The held chunk goes out, before the next event: without its finishes when they came too early. */
    void release(boolean early, EventOutput out) throws StreamGuardException {
        out.release(early);
        for (ChoiceState choice : held) {
            choice.finishHeld = false;
            if (early) {
                choice.finished = false;
                choice.finishPending = true;
                stats.count(Deviation.D24);
            } else {
                endCalls(choice);
            }
        }
        held.clear();
    }

    /** The chunk in hand finishes {@code choice}, whose finish reason (as the client gets it) is {@code reason}. */
    void finishing(ChoiceState choice, ChoiceDelta c, byte[] reason) {
        choice.finished = true;
        choice.finishPending = false;
        choice.finishReason = reason;
        finishingNow.add(choice);
        finishSpans.add(new int[] {c.finishReason.valueStart(), c.finishReason.valueEnd()});
    }

    /** A finish for a choice that has one already: dropped. */
    void repeated(ChoiceDelta c, JsonEdits edits) {
        stats.count(Deviation.D24);
        edits.override(c.finishReason.valueStart(), c.finishReason.valueEnd(), NULL);
    }

    /**
     * After the chunk is written: with {@code hold}, it is held back (with its alternative form, its finishes
     * null) until the next event; otherwise the choices it finished are over now.
     */
    void afterChunk(boolean hold, SseEvent event, JsonEdits edits, EventOutput out) throws StreamGuardException {
        if (finishingNow.isEmpty()) {
            return;
        }
        if (hold) {
            alternative.copyFrom(edits);
            for (int[] span : finishSpans) {
                alternative.override(span[0], span[1], NULL);
            }
            out.hold(event, alternative);
            for (ChoiceState choice : finishingNow) {
                choice.finishHeld = true;
                held.add(choice);
            }
        } else {
            for (ChoiceState choice : finishingNow) {
                endCalls(choice);
            }
        }
        finishingNow.clear();
        finishSpans.clear();
    }

    /** The end of the stream: each choice whose finish came too early gets it now, in a chunk of its own. */
    void writePending(List<ChoiceState> choices, ChunkIdentity identity, EventOutput out) throws StreamGuardException {
        for (ChoiceState choice : choices) {
            if (!choice.finishPending) {
                continue;
            }
            chunk.clear();
            identity.writeHead(chunk);
            chunk.append(CHOICES_HEAD).appendDecimal(choice.index).append(FINISH_MIDDLE).append(choice.finishReason).append(FINISH_TAIL);
            out.add(null, chunk);
            choice.finishPending = false;
            choice.finished = true;
            endCalls(choice);
        }
    }

    private void endCalls(ChoiceState choice) throws StreamGuardException {
        for (ToolCallState call : choice.calls) {
            arguments.end(call);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
