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
 *
 * <p>After the terminal event the client reads the end of the body at once; the upstream is read for at most
 * {@link GuardEngine#TERMINAL_DRAIN_NANOS} to find its own end (so that its connection can be reused), then
 * closed (D42). A stream that has said everything but {@code message_stop} and then sends only pings is ended
 * by the guard after {@code stream.terminal-grace} (D43).
 *
 * <p>A read of 1 KiB or more may have the upstream's bytes in its buffer past the count it returns (the start of an
 * event the guard holds until it is whole, or the bytes of a failed one): space the caller gave the read to fill, as a
 * read that filled it would.
 */
public final class GuardedInputStream extends InputStream {
    /**
     * The smallest room in the client's read that the upstream is read into directly. Under load, hundreds of streams
     * on a few cores, a buffer of each stream's own is cold at every read, and filling it cost about as much as the
     * guard's own work: the upstream's bytes go where the client's read would have put them anyway, the guard reads
     * them there, and its output is laid out over them ({@link InPlaceOutput}): the upstream is read after room for the
     * start of an event held from the last read, which goes out first, so what passes unchanged stays where it lies. A
     * read with less room gets a chunk of the stream's own, so that the guard is not fed a few bytes at a time.
     */
    private static final int CLIENT_READ_MIN = 1024;
    private final InputStream upstream;
    /** The same upstream, read where its client buffered it; null when it can only be read as a stream. */
    private final BufferedUpstream buffered;
    /** Where {@link #readOut} sends the output: null without a buffered upstream. */
    private final MovedOutput moved;
    private final GuardEngine engine;
    private final Runnable interrupter;
    private final ByteQueue ready = new ByteQueue();
    private final InPlaceOutput inPlace = new InPlaceOutput(ready);
    /**
     * What the upstream is read into by a read with less room than {@link #CLIENT_READ_MIN} and after the terminal event:
     * taken when first needed, and given back when a read ends the stream on the reading thread (after the upstream's
     * end or a failure, nothing is read into it again).
     */
    private byte[] chunk;
    private final byte[] single = new byte[1];
    private Watchdog.Watch watch;
    private StreamGuardException failure;
    private boolean eof;
    private volatile boolean closed;
    private boolean upstreamClosed;
    /** A clock stopped the upstream (closed it, or cancelled its call): nothing more is read from it. */
    private boolean upstreamStopped;
    /** The stream was ended after its terminal event (by a read or by close, whichever came first). */
    private boolean released;
    private final Object releaseLock = new Object();

    public GuardedInputStream(InputStream upstream, GuardEngine engine) {
        this(upstream, engine, null);
    }

    /**
     * @param interrupter how to stop a read blocked on the upstream when one of the stream's clocks runs out
     *                    (idle timeout, terminal grace, the wait for the end after the terminal event): closing
     *                    it is not enough for every client (OkHttp needs its call cancelled); null to close
     *                    the upstream
     */
    public GuardedInputStream(InputStream upstream, GuardEngine engine, Runnable interrupter) {
        this(upstream, null, engine, interrupter);
    }

    /**
     * @param buffered the upstream's buffered bytes, which the guard then reads in place (and {@code upstream} only
     *                 when the body passes through); null to read {@code upstream} into a buffer of the guard's
     */
    public GuardedInputStream(InputStream upstream, BufferedUpstream buffered, GuardEngine engine, Runnable interrupter) {
        this.upstream = upstream;
        this.buffered = buffered;
        this.moved = buffered == null ? null : new MovedOutput(ready, buffered);
        this.engine = engine;
        this.interrupter = interrupter != null ? interrupter : this::closeQuietly;
        long timeout = engine.idleTimeoutNanos();
        if (timeout > 0) {
            watch = Watchdog.watch(timeout, this.interrupter);
        }
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
        return read(b, off, len, false);
    }

    /** Whether the upstream is read where it buffered its bytes, and so whether {@link #readOut} may be used. */
    public boolean readsInPlace() {
        return moved != null;
    }

    /**
     * Reads as {@link #read(byte[], int, int)} does, but the output leaves through the buffered upstream given at
     * construction instead of into an array: bytes that pass unchanged where they lie ({@link BufferedUpstream#moveOut}),
     * the guard's own as copies ({@link BufferedUpstream#writeOut}). Returns how many bytes left, or -1 at the end.
     * At most {@code max} of the guard's own bytes leave in one call, but a fill's unchanged runs leave whole, each
     * with what goes before it.
     */
    public int readOut(int max) throws IOException {
        if (moved == null) {
            throw new IllegalStateException("no buffered upstream to read out through");
        }
        if (max <= 0) {
            return 0;
        }
        return read(null, 0, max, true);
    }

    /**
     * One method, reading the upstream itself, on purpose: at over 325 bytes of bytecode (HotSpot's
     * {@code FreqInlineSize}) C2 compiles it once on its own instead of inlining it, with the guard and the
     * upstream's whole read path behind it, into the client's read loop. OkHttp's body reads go through Okio
     * twice with the agent (the application's source over this stream, this stream over the original source),
     * and inlined there the guard made each of Okio's two hottest methods take over 300 ms of C2 time.
     */
    private int read(byte[] b, int off, int len, boolean out) throws IOException {
        while (true) {
            if (ready.available() > 0) {
                return out ? moved.copyQueued(len) : ready.read(b, off, len);
            }
            if (failure != null) {
                giveChunkBack();
                throw failure;
            }
            if (eof) {
                giveChunkBack();
                return -1;
            }
            if (closed) {
                throw new IOException("stream closed");
            }
            if (engine.terminalReached()) {
                endAfterTerminal();
                continue;
            }
            boolean passthrough = engine.isPassthrough();
            engine.waitingForUpstream();
            long grace = engine.terminalGraceDeadline();
            if (grace != 0) {
                watch().deadline(grace);
            } else if (watch != null) {
                watch.deadline(0);
            }
            // Where the upstream is read: into the client's buffer if it is large enough (see CLIENT_READ_MIN), else a
            // chunk. The start of an event kept from the last read goes out before this one's: the read goes after room
            // left for it, so that what follows it unchanged lies where it goes out.
            int held = engine.heldInputBytes();
            int room = Math.min(len - held, ReadBuffers.SIZE);
            int intoClient = !passthrough && !out && buffered == null && room >= CLIENT_READ_MIN ? room : 0;
            int n;
            try {
                if (watch != null) {
                    watch.waiting();
                }
                n = intoClient > 0 ? upstream.read(b, off + held, intoClient)
                        : !passthrough ? readUpstream() : out ? moveThrough() : upstream.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                Watchdog.Fired fired = watch == null ? Watchdog.Fired.NONE : watch.fired();
                if (fired == Watchdog.Fired.IDLE) {
                    failed(engine.idleTimedOut());
                    throw failure;
                }
                if (fired == Watchdog.Fired.DEADLINE && engine.terminalGraceDeadline() != 0) {
                    // Only pings since the stop reason: the guard writes message_stop and ends the body (D43).
                    upstreamStopped = true;
                    try {
                        engine.terminalGraceExpired(ready);
                    } catch (StreamGuardException failure) {
                        failed(failure);
                    }
                    continue;
                }
                unwatch();
                engine.upstreamFailed(e);
                throw e;
            } finally {
                if (watch != null) {
                    watch.answered();
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
            } else if (passthrough) {
                if (n > 0) {
                    engine.passedThrough(n);
                    return n;
                }
            } else if (out) {
                n = feedOut(n, len);
                if (n > 0) {
                    return n;
                }
            } else if (intoClient > 0 && n > 0) {
                n = feedInPlace(b, off, off + held, n, len);
                if (n > 0) {
                    return n;
                }
            } else if (n > 0) {
                // The output goes straight into the client's buffer; only what does not fit waits in the queue.
                ready.deliverInto(b, off, len);
                try {
                    feed(n);
                } catch (StreamGuardException e) {
                    failed(e);
                } finally {
                    n = ready.stopDelivering();
                }
                if (n > 0) {
                    return n;
                }
            }
        }
    }

    /** Reads the upstream for the guard: in place if it is buffered, else into this stream's chunk; -1 at its end. */
    private int readUpstream() throws IOException {
        return buffered != null ? buffered.fill() : upstream.read(chunk(), 0, ReadBuffers.SIZE);
    }

    /** A passing-through read for {@link #readOut}: what the upstream buffered leaves as it lies. */
    private int moveThrough() throws IOException {
        int n = buffered.fill();
        if (n > 0) {
            buffered.moveOut(0, n);
            buffered.consumed(n);
        }
        return n;
    }

    /** Feeds the guard a fill of {@code n} bytes for {@link #readOut}; returns how many bytes left. */
    private int feedOut(int n, int max) {
        moved.start();
        ready.shareWith(moved);
        try {
            feed(n);
        } catch (StreamGuardException e) {
            failed(e);
        } finally {
            ready.shareWith(null);
        }
        return moved.left() + moved.copyQueued(max);
    }

    /**
     * Feeds the guard the {@code n} bytes the upstream read into the client's buffer at {@code inputAt}, where they lie,
     * and lays its output out from {@code off}, at most {@code len} bytes; returns how many.
     */
    private int feedInPlace(byte[] b, int off, int inputAt, int n, int len) {
        inPlace.start(b);
        ready.shareWith(inPlace);
        try {
            engine.feed(b, inputAt, n, ready);
        } catch (StreamGuardException e) {
            failed(e);
        } finally {
            ready.shareWith(null);
        }
        return inPlace.layOut(off, inputAt, n, len);
    }

    /** Feeds the guard the {@code n} bytes {@link #readUpstream()} got. */
    private void feed(int n) throws StreamGuardException {
        if (buffered == null) {
            engine.feed(chunk, 0, n, ready);
            return;
        }
        try {
            engine.feed(buffered.array(), buffered.offset(), n, ready);
        } finally {
            // The guard keeps no reference to what it is fed: the client may have the memory back.
            buffered.consumed(n);
        }
    }

    private byte[] chunk() {
        byte[] c = chunk;
        if (c == null) {
            c = ReadBuffers.take();
            chunk = c;
        }
        return c;
    }

    private void giveChunkBack() {
        byte[] c = chunk;
        if (c != null) {
            chunk = null;
            ReadBuffers.give(c);
        }
    }

    private Watchdog.Watch watch() {
        if (watch == null) {
            watch = Watchdog.watch(0, interrupter);
        }
        return watch;
    }

    /**
     * The client has the whole stream. The upstream is read (and what it sends dropped) until its own end, for
     * at most {@link GuardEngine#TERMINAL_DRAIN_NANOS}; one that holds its connection open is then closed (D42).
     */
    private void endAfterTerminal() throws IOException {
        // Its own lock, not this stream's: the interrupter that stops the wait takes that one to close the upstream.
        synchronized (releaseLock) {
            if (released) {
                return;
            }
            released = true;
            eof = true;
            if (!upstreamClosed && !upstreamStopped && !drainedToItsEnd()) {
                engine.heldOpenAfterTerminal();
            }
            unwatch();
            closeQuietly();
            engine.finish(ready);
        }
    }

    /** Reads the upstream to its end, dropping what comes (all but the LF the terminal event's CR may wait for). */
    private boolean drainedToItsEnd() {
        Watchdog.Watch w = watch();
        w.rearm();
        w.deadline(System.nanoTime() + GuardEngine.TERMINAL_DRAIN_NANOS);
        try {
            for (int n; (n = readUpstream()) >= 0; ) {
                feed(n);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            // Closed at the deadline, or failed on its own: either way it is not read any further.
            return false;
        } finally {
            w.deadline(0);
        }
    }

    private void unwatch() {
        Watchdog.unwatch(watch);
    }

    private void closeQuietly() {
        try {
            closeUpstream();
        } catch (IOException | RuntimeException ignored) {
            // Only to unblock a read that one of the clocks stops, or to release an upstream that is done.
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
        if (ready.available() > 0 || failure != null || eof || engine.terminalReached()) {
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
        if (!eof && failure == null && engine.terminalReached()) {
            // Closed after the terminal event, before reading the end: the stream is whole all the same.
            endAfterTerminal();
            return;
        }
        unwatch();
        if (!eof && failure == null && engine.terminalSeen()) {
            // Observe mode: the same, without ending anything.
            eof = true;
            closeUpstream();
            engine.finish(ready);
            return;
        }
        if (!eof && failure == null) {
            engine.cancelled();
        }
        closeUpstream();
    }
}
