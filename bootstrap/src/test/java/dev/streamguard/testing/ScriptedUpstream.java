package dev.streamguard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream body for the adapters' tests: sends its bytes in one read (or several chunks, a read each), then ends, stays silent (a proxy that
 * holds the connection, or stopped forwarding), or sends a ping every {@code pingMillis}, until it is closed;
 * a read blocked on it then fails as a closed socket does.
 */
public final class ScriptedUpstream extends InputStream {
    /** What it does once its bytes are read. */
    public enum After { END, SILENCE, PINGS, COMMENTS }

    /** The ping it sends. */
    public static final String PING = "event: ping\ndata: {\"type\": \"ping\"}\n\n";
    /** The comment it sends with {@link After#COMMENTS}, as OpenAI-compatible servers keep a connection alive. */
    public static final String COMMENT = ": keep-alive\n\n";

    private final byte[][] chunks;
    private int next;
    private final After after;
    private final long pingMillis;
    private final CountDownLatch closed = new CountDownLatch(1);
    public final AtomicInteger reads = new AtomicInteger();
    public volatile boolean sawEnd;

    public ScriptedUpstream(String first, After after, long pingMillis) {
        this(new String[] {first}, after, pingMillis);
    }

    /** Sends each of {@code chunks} in a read of its own, then behaves as {@code after} says. */
    public ScriptedUpstream(String[] chunks, After after, long pingMillis) {
        this.chunks = new byte[chunks.length][];
        for (int i = 0; i < chunks.length; i++) {
            this.chunks[i] = chunks[i].getBytes(StandardCharsets.UTF_8);
        }
        this.after = after;
        this.pingMillis = pingMillis;
    }

    @Override
    public int read() {
        throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        reads.incrementAndGet();
        if (closed.getCount() == 0) {
            throw new IOException("closed");
        }
        if (next < chunks.length) {
            byte[] chunk = chunks[next++];
            System.arraycopy(chunk, 0, b, off, chunk.length);
            return chunk.length;
        }
        switch (after) {
            case END:
                sawEnd = true;
                return -1;
            case SILENCE:
                await(Long.MAX_VALUE);
                throw new IOException("closed");
            default:
                if (await(pingMillis)) {
                    throw new IOException("closed");
                }
                byte[] ping = (after == After.PINGS ? PING : COMMENT).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(ping, 0, b, off, ping.length);
                return ping.length;
        }
    }

    private boolean await(long millis) {
        try {
            return closed.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
