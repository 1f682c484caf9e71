package dev.streamguard.gemini;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Cap;
import dev.streamguard.core.StreamStats;
import java.util.Arrays;

/**
 * Which candidates the stream has shown and which have their {@code finishReason}: the chunk after which every
 * candidate has finished is the last (G5, as D42), and a body that ends before that is cut (G1). The guard
 * follows at most {@link GeminiChunk#MAX_RECORDED} candidates; a stream with more fails.
 */
final class CandidateFinishes {
    private int[] indexes = new int[1];
    private boolean[] finished = new boolean[1];
    private int count;
    private int finishedCount;

    /** Candidate {@code index} appeared; returns its slot. */
    int saw(int index, StreamStats stats) throws StreamGuardException {
        for (int i = 0; i < count; i++) {
            if (indexes[i] == index) {
                return i;
            }
        }
        if (count == GeminiChunk.MAX_RECORDED) {
            throw tooMany(stats);
        }
        if (count == indexes.length) {
            indexes = Arrays.copyOf(indexes, count * 2);
            finished = Arrays.copyOf(finished, count * 2);
        }
        indexes[count] = index;
        return count++;
    }

    void finish(int slot) {
        if (!finished[slot]) {
            finished[slot] = true;
            finishedCount++;
        }
    }

    /** Whether candidates appeared and every one of them has finished. */
    boolean allFinished() {
        return count > 0 && finishedCount == count;
    }

    /** The candidates shown, and of those the ones without a finish, for the message of a cut stream. */
    int seen() {
        return count;
    }

    int unfinished() {
        return count - finishedCount;
    }

    static StreamGuardException tooMany(StreamStats stats) {
        stats.capHit(Cap.CHOICES);
        return new StreamGuardException(StreamGuardException.Cause.CAP_EXCEEDED, "the stream has more than "
                + GeminiChunk.MAX_RECORDED + " candidates, the most the guard follows");
    }
}
