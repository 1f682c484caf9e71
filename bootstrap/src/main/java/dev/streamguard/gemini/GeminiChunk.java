package dev.streamguard.gemini;

import dev.streamguard.json.MemberValue;
import java.util.Arrays;

/**
 * What the rules need of one Gemini chunk (a {@code GenerateContentResponse}), as positions in its data: each
 * candidate's index and finish, each {@code functionCall} part, the error and the prompt's block reason. At most
 * {@link #MAX_RECORDED} candidates and as many function calls are recorded; more set the overflow flags.
 */
final class GeminiChunk {
    static final int MAX_RECORDED = 1024;

    final MemberValue error = new MemberValue();
    final MemberValue errorCode = new MemberValue();
    final MemberValue errorMessage = new MemberValue();
    final MemberValue errorStatus = new MemberValue();
    final MemberValue blockReason = new MemberValue();
    /** Whether the chunk has any member of a Gemini response (candidates, usageMetadata, promptFeedback, ...). */
    boolean gemini;

    int candidates;
    boolean candidatesOverflow;
    int[] candidateIndex = new int[4];
    /** A candidate's {@code finishReason} string content, start -1 when it has none. */
    int[] finishStart = new int[4];
    int[] finishEnd = new int[4];
    int[] finishMessageStart = new int[4];
    int[] finishMessageEnd = new int[4];

    int calls;
    boolean callsOverflow;
    /** The candidate (its index) each function call part belongs to. */
    int[] callCandidate = new int[4];
    /** The name's string content; start -1 when the part has no name. */
    int[] nameStart = new int[4];
    int[] nameEnd = new int[4];
    /** The {@code args} object's JSON text; start -1 when absent. */
    int[] argsStart = new int[4];
    int[] argsEnd = new int[4];
    /** The {@code partialArgs} array's JSON text (streamed arguments); start -1 when absent. */
    int[] partialStart = new int[4];
    int[] partialEnd = new int[4];
    /** Whether {@code willContinue} is true: more parts of the same call follow. */
    boolean[] willContinue = new boolean[4];

    /**
     * The values that vary from one plain chunk to the next, for learning its shape: each text part's string content,
     * and the token counts that grow ({@code candidatesTokenCount}, {@code totalTokenCount}) as integers. More than
     * {@link #SHAPE_SLOTS} set the overflow flag: such a chunk is not learned.
     */
    static final int SHAPE_SLOTS = 4;
    final int[] shapeStart = new int[SHAPE_SLOTS];
    final int[] shapeEnd = new int[SHAPE_SLOTS];
    final boolean[] shapeInteger = new boolean[SHAPE_SLOTS];
    int shapeSlots;
    boolean shapeOverflow;

    void clear() {
        error.clear();
        errorCode.clear();
        errorMessage.clear();
        errorStatus.clear();
        blockReason.clear();
        gemini = false;
        candidates = 0;
        candidatesOverflow = false;
        calls = 0;
        callsOverflow = false;
        shapeSlots = 0;
        shapeOverflow = false;
    }

    void shapeSlot(int start, int end, boolean integer) {
        if (shapeSlots == SHAPE_SLOTS) {
            shapeOverflow = true;
            return;
        }
        shapeStart[shapeSlots] = start;
        shapeEnd[shapeSlots] = end;
        shapeInteger[shapeSlots] = integer;
        shapeSlots++;
    }

    /** Starts a candidate; false (and the overflow flag) past the most recorded. */
    boolean addCandidate(int index) {
        if (candidates == MAX_RECORDED) {
            candidatesOverflow = true;
            return false;
        }
        if (candidates == candidateIndex.length) {
            int n = candidates * 2;
            candidateIndex = Arrays.copyOf(candidateIndex, n);
            finishStart = Arrays.copyOf(finishStart, n);
            finishEnd = Arrays.copyOf(finishEnd, n);
            finishMessageStart = Arrays.copyOf(finishMessageStart, n);
            finishMessageEnd = Arrays.copyOf(finishMessageEnd, n);
        }
        candidateIndex[candidates] = index;
        finishStart[candidates] = -1;
        finishMessageStart[candidates] = -1;
        candidates++;
        return true;
    }

    /** Starts a function call part of {@code candidate}; false (and the overflow flag) past the most recorded. */
    boolean addCall(int candidate) {
        if (calls == MAX_RECORDED) {
            callsOverflow = true;
            return false;
        }
        if (calls == callCandidate.length) {
            int n = calls * 2;
            callCandidate = Arrays.copyOf(callCandidate, n);
            nameStart = Arrays.copyOf(nameStart, n);
            nameEnd = Arrays.copyOf(nameEnd, n);
            argsStart = Arrays.copyOf(argsStart, n);
            argsEnd = Arrays.copyOf(argsEnd, n);
            partialStart = Arrays.copyOf(partialStart, n);
            partialEnd = Arrays.copyOf(partialEnd, n);
            willContinue = Arrays.copyOf(willContinue, n);
        }
        callCandidate[calls] = candidate;
        nameStart[calls] = -1;
        argsStart[calls] = -1;
        partialStart[calls] = -1;
        willContinue[calls] = false;
        calls++;
        return true;
    }
}
