package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteQueue;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The pull adapter: an {@link InputStream} over the upstream body that hands the client the guarded
 * stream. A read returns as soon as at least one byte is ready; it reads the upstream only when nothing
 * is ready, and never holds back a complete event. A failure is thrown after every byte before it, and
 * the upstream is closed at once: nothing more will be read from it, and a client that does not close a
 * body after a read error (okhttp-sse 3.x) would otherwise leak the connection.
 */
public final class GuardedInputStream extends InputStream {
    private final InputStream upstream;
    private final GuardEngine engine;
    private final IdleWatchdog.Watch idle;
    private final ByteQueue ready = new ByteQueue();
    private final byte[] chunk = new byte[8192];
    private final byte[] single = new byte[1];
    private StreamGuardException failure;
    private boolean eof;
    private volatile boolean closed;
    private boolean upstreamClosed;

    public GuardedInputStream(InputStream upstream, GuardEngine engine) {
        this(upstream, engine, null);
    }

    /**
     * @param interrupter how to stop a read blocked on the upstream when it stays silent past the idle
     *                    timeout (closing it is not enough for every client: OkHttp needs its call
     *                    cancelled); null to close the upstream
     */
    public GuardedInputStream(InputStream upstream, GuardEngine engine, Runnable interrupter) {
        this.upstream = upstream;
        this.engine = engine;
        long timeout = engine.idleTimeoutNanos();
        Runnable stop = interrupter != null ? interrupter : this::closeQuietly;
        this.idle = timeout > 0 ? IdleWatchdog.watch(timeout, stop) : null;
    }

    @Override
    public int read() throws IOException {
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (ready.available() > 0) {
                return ready.read(b, off, len);
            }
            if (failure != null) {
                throw failure;
            }
            if (eof) {
                return -1;
            }
            if (closed) {
                throw new IOException("stream closed");
            }
            if (engine.isPassthrough()) {
                int n = readUpstream(b, off, len);
                if (n > 0) {
                    engine.passedThrough(n);
                    return n;
                }
            } else {
                int n = readUpstream(chunk, 0, chunk.length);
                if (n > 0) {
                    try {
                        engine.feed(chunk, 0, n, ready);
                    } catch (StreamGuardException e) {
                        failed(e);
                    }
                }
            }
        }
    }

    private int readUpstream(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            if (idle != null) {
                idle.waiting();
            }
            n = upstream.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            if (idle != null && idle.fired()) {
                failed(engine.idleTimedOut());
                throw failure;
            }
            unwatch();
            engine.upstreamFailed(e);
            throw e;
        } finally {
            if (idle != null) {
                idle.answered();
            }
        }
        if (n < 0) {
            eof = true;
            unwatch();
            try {
                engine.finish(ready);
            } catch (StreamGuardException e) {
                failed(e);
            }
        }
        return n;
    }

    private void unwatch() {
        IdleWatchdog.unwatch(idle);
    }

    private void closeQuietly() {
        try {
            closeUpstream();
        } catch (IOException | RuntimeException ignored) {
            // Only to unblock a read that the idle timeout stops.
        }
    }

    private void failed(StreamGuardException e) {
        unwatch();
        failure = e;
        try {
            closeUpstream();
        } catch (IOException | RuntimeException ignored) {
            // The stream has failed already; the client gets that failure, not this one.
        }
    }

    private synchronized void closeUpstream() throws IOException {
        if (!upstreamClosed) {
            upstreamClosed = true;
            upstream.close();
        }
    }

    @Override
    public int available() throws IOException {
        if (ready.available() > 0 || failure != null || eof) {
            return ready.available();
        }
        return engine.isPassthrough() ? upstream.available() : 0;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        unwatch();
        if (!eof && failure == null) {
            engine.cancelled();
        }
        closeUpstream();
    }
}
