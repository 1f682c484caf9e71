package dev.streamguard.agent.okhttp.glue;

import dev.streamguard.core.GuardedInputStream;
import java.io.IOException;
import okio.Buffer;
import okio.Source;
import okio.Timeout;

/**
 * The source the application's guarded body reads: the guard's output, where what passes unchanged moves from the
 * original body's buffer into the application's instead of being copied ({@link SegmentUpstream}). A read may add
 * more than {@code byteCount} bytes (a segment's unchanged bytes leave whole); the only reader is the buffered source
 * the glue puts over it, which takes any amount.
 */
final class GuardedSource implements Source {
    private final GuardedInputStream guarded;
    private final SegmentUpstream upstream;
    private final Timeout timeout = new Timeout();

    GuardedSource(GuardedInputStream guarded, SegmentUpstream upstream) {
        this.guarded = guarded;
        this.upstream = upstream;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
        if (byteCount < 0) {
            throw new IllegalArgumentException("byteCount < 0: " + byteCount);
        }
        if (byteCount == 0) {
            return 0;
        }
        timeout.throwIfReached();
        upstream.into(sink);
        try {
            return guarded.readOut((int) Math.min(byteCount, Integer.MAX_VALUE));
        } finally {
            upstream.into(null);
        }
    }

    @Override
    public Timeout timeout() {
        return timeout;
    }

    @Override
    public void close() throws IOException {
        guarded.close();
    }
}
