package dev.streamguard.core;

import dev.streamguard.buffer.ByteQueue;
import dev.streamguard.buffer.IntList;

/**
 * The guard's output for a read whose upstream bytes lie in the client's own buffer ({@link GuardedInputStream}): the
 * guard reads them where they lie, and the bytes it passes unchanged are only noted, as runs of that buffer, while
 * its own bytes (rewritten events, an event that began in an earlier read) wait in the queue. Once the guard has read
 * them all, the output is laid out over them, from where the read's room starts: the input lies after room left for
 * the start of an event kept from the read before, which goes out first, so that an unchanged run moves only by what
 * the output before it grew beyond that, and not at all when nothing did. A layout where a run would move left, or
 * the output does not fit the read, is made from a copy of the input instead.
 */
final class InPlaceOutput implements ByteQueue.Sharer {
    /** A run's start that stands for the queue's next bytes. */
    private static final int QUEUED = -1;
    private final ByteQueue queue;
    /** The output in order: per run, its start in {@link #buffer} (or {@link #QUEUED}), then its length. */
    private final IntList runs = new IntList();
    private byte[] buffer;
    /** How many of the queue's bytes {@link #runs} covers. */
    private int queuedInRuns;

    InPlaceOutput(ByteQueue queue) {
        this.queue = queue;
    }

    /** The guard reads {@code buffer} next; the queue holds nothing yet. */
    void start(byte[] buffer) {
        this.buffer = buffer;
        runs.clear();
        queuedInRuns = 0;
    }

    @Override
    public void share(byte[] src, int off, int len) {
        if (src != buffer) {
            queue.append(src, off, len);
            return;
        }
        noteQueued();
        int last = runs.size() - 2;
        if (last >= 0 && runs.get(last) != QUEUED && runs.get(last) + runs.get(last + 1) == off) {
            runs.set(last + 1, runs.get(last + 1) + len);
            return;
        }
        runs.add(off);
        runs.add(len);
    }

    /** The bytes queued since the last run noted become a run of their own. */
    private void noteQueued() {
        int queued = queue.available() - queuedInRuns;
        if (queued > 0) {
            runs.add(QUEUED);
            runs.add(queued);
            queuedInRuns += queued;
        }
    }

    /**
     * Lays the output out in the buffer from {@code off}, at most {@code len} bytes, over the {@code n} bytes the guard
     * read at {@code inputAt} (at or after {@code off}); what does not fit stays queued, in order. Returns how many
     * bytes it laid out.
     */
    int layOut(int off, int inputAt, int n, int len) {
        noteQueued();
        int total = 0;
        boolean rightward = true;
        for (int i = 0; i < runs.size(); i += 2) {
            int from = runs.get(i);
            if (from != QUEUED && from > off + total) {
                rightward = false;
            }
            total += runs.get(i + 1);
        }
        if (total > len || !rightward) {
            return layOutFromCopy(off, inputAt, n, len);
        }
        // Last run first: a run lands on none still to move, as none moves left. The queued runs then fill the gaps.
        int at = off + total;
        for (int i = runs.size() - 2; i >= 0; i -= 2) {
            int from = runs.get(i);
            int runLength = runs.get(i + 1);
            at -= runLength;
            if (from != QUEUED && from != at) {
                System.arraycopy(buffer, from, buffer, at, runLength);
            }
        }
        for (int i = 0; i < runs.size(); i += 2) {
            if (runs.get(i) == QUEUED) {
                queue.read(buffer, at, runs.get(i + 1));
            }
            at += runs.get(i + 1);
        }
        buffer = null;
        return total;
    }

    private int layOutFromCopy(int off, int inputAt, int n, int len) {
        byte[] input = ReadBuffers.lend();
        try {
            System.arraycopy(buffer, inputAt, input, 0, n);
            byte[] queued = new byte[queuedInRuns];
            queue.read(queued, 0, queuedInRuns);
            int queuedAt = 0;
            int at = off;
            int end = off + len;
            for (int i = 0; i < runs.size(); i += 2) {
                int from = runs.get(i);
                int runLength = runs.get(i + 1);
                byte[] src = from == QUEUED ? queued : input;
                int srcAt = from == QUEUED ? queuedAt : from - inputAt;
                if (from == QUEUED) {
                    queuedAt += runLength;
                }
                int fits = Math.min(runLength, end - at);
                System.arraycopy(src, srcAt, buffer, at, fits);
                at += fits;
                queue.append(src, srcAt + fits, runLength - fits);
            }
            return at - off;
        } finally {
            ReadBuffers.giveBack(input);
            buffer = null;
        }
    }
}
