package dev.streamguard.agent.vertx.glue;

import dev.streamguard.core.ChunkGuard;
import dev.streamguard.runtime.VertxBridge;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;

/**
 * One guarded response, on its event loop. Each body chunk goes through the push guard, and what comes out
 * is handled in its place (a chunk whose bytes are all held is replaced by a new demand, so that an
 * application reading with {@code fetch} is not left waiting). A failure is handed to the response as
 * Vert.x hands it its own (its exception handler, its {@code end()} and {@code body()} futures get the
 * {@code StreamGuardException}), then the request is reset, which closes an HTTP/1.x connection (HTTP/2:
 * resets the stream only). After the terminal event the application gets its end at once; what still comes is dropped
 * for a bounded time, then the request is reset. The guard's clocks fire on the watchdog's thread and are
 * handled on the response's context, which Vert.x also hands the body on (its event loop, or the thread of a
 * worker context): one at a time. Once the application has its end or failure, Vert.x's later reports (of the
 * reset, of the closed connection) are not passed on: the application hears of its stream once.
 */
final class GuardedResponse {
    private final WeakReference<HttpClientResponse> response;
    /**
     * Null once the body is over for Vert.x and the application has its end or failure: the response may stay reachable
     * (a connection keeps its last one) long after, and the guard's state need not.
     */
    private ChunkGuard guard;
    private final Context context;
    private final ResponseMethods methods;
    /** The application has its end or its failure: the rest of the body is dropped, a later error swallowed. */
    private boolean done;
    /** The glue failed (the guard fails open on its own): the rest passes as it comes. */
    private boolean bypassed;
    /** The glue is handing a chunk to the response itself: its hook lets it pass. */
    private boolean delivering;

    GuardedResponse(HttpClientResponse response, ChunkGuard guard, Context context, ResponseMethods methods) {
        this.response = new WeakReference<>(response);
        this.guard = guard;
        this.context = context;
        this.methods = methods;
        guard.watch(() -> context.runOnContext(v -> onClock()));
        guard.awaiting();
    }

    /** A chunk of the body: what to handle in its place, or null. */
    Object chunk(Object data) {
        if (delivering || bypassed) {
            return data;
        }
        ChunkGuard guard = this.guard;
        if (guard == null) {
            // After the body's end and the application's: nothing more is the application's.
            return null;
        }
        HttpClientResponse r = response.get();
        if (r == null) {
            return data;
        }
        List<ByteBuffer> in;
        List<ByteBuffer> out;
        try {
            ByteBuffer bytes = BufferViews.view((Buffer) data);
            in = Collections.singletonList(bytes);
            // Vert.x hands each chunk over in heap memory nothing writes to again (a copy of its own, or in 4.5 at
            // times a slice of an unpooled buffer Netty only appends to): the guard's output may share it. A direct
            // one may be pooled memory.
            out = bytes.hasArray() ? guard.onNextShared(in) : guard.onNext(in);
        } catch (RuntimeException | Error e) {
            VertxBridge.internalError(e);
            bypassed = true;
            guard.onCancel();
            return data;
        }
        if (done) {
            // After the application's end or failure: read and dropped.
            return null;
        }
        if (out == in) {
            guard.awaiting();
            return data;
        }
        if (guard.failure() != null) {
            deliver(r, out);
            fail(r);
            return null;
        }
        if (guard.terminalReached()) {
            deliver(r, out);
            if (!guard.terminalLineOpen()) {
                endForTheApplication(r);
            }
            guard.startDraining();
            return null;
        }
        guard.awaiting();
        if (out.isEmpty()) {
            // Nothing to hand on yet (a partial event): the demand this chunk took is given back.
            r.fetch(1);
            return null;
        }
        return out.size() == 1 && out.get(0) == in.get(0) ? data : BufferViews.buffer(out);
    }

    /** The body ended: true when the application's end (or failure) is the glue's to give, or was given. */
    boolean end() {
        if (delivering || bypassed) {
            return false;
        }
        ChunkGuard guard = this.guard;
        if (guard == null) {
            return true;
        }
        HttpClientResponse r = response.get();
        if (r == null) {
            return false;
        }
        try {
            boolean hadItsEnd = done;
            List<ByteBuffer> last = guard.onComplete();
            if (hadItsEnd) {
                return true;
            }
            deliver(r, last);
            if (guard.failure() != null) {
                fail(r);
                return true;
            }
            done = true;
            return false;
        } finally {
            releaseIfDone();
        }
    }

    private void releaseIfDone() {
        if (done) {
            guard = null;
        }
    }

    /** The response failed: true when the error is not the application's to see (it had the whole stream). */
    boolean exception(Throwable error) {
        if (delivering || bypassed) {
            return false;
        }
        if (done) {
            // The application has its end or the guard's failure: Vert.x's own report of the reset that followed is not its to see.
            // Should it come while the guard still waits for the body's end after the terminal event, the guard takes it
            // as that end (the stream was whole): let go of without it, the stream would never be reported.
            ChunkGuard guard = this.guard;
            if (guard != null) {
                guard.onError(error);
            }
            this.guard = null;
            return true;
        }
        HttpClientResponse r = response.get();
        if (r == null) {
            return false;
        }
        try {
            boolean whole = guard.terminalReached();
            List<ByteBuffer> last = guard.onError(error);
            if (whole && guard.failure() == null) {
                deliver(r, last);
                endForTheApplication(r);
                return true;
            }
            done = true;
            // The application gets the error once, through Vert.x's own handling; later reports of it are swallowed.
            delivering = true;
            try {
                methods.handleException(r, error);
            } finally {
                delivering = false;
            }
            return true;
        } finally {
            releaseIfDone();
        }
    }

    private void onClock() {
        ChunkGuard guard = this.guard;
        if (guard == null) {
            // The body ended before this clock's turn on the context came.
            return;
        }
        HttpClientResponse r = response.get();
        if (r == null || bypassed) {
            guard.onCancel();
            return;
        }
        try {
            switch (guard.clockFired()) {
                case IDLE_TIMEOUT:
                    if (done) {
                        return;
                    }
                    guard.idleTimedOut();
                    fail(r);
                    return;
                case TERMINAL_GRACE:
                    finishOnClock(r, guard.terminalGraceExpired());
                    return;
                case HELD_OPEN:
                    finishOnClock(r, guard.heldOpen());
                    return;
                default:
                    return;
            }
        } catch (Throwable t) {
            VertxBridge.internalError(t);
        }
    }

    /** The stream is over although the upstream is not: the application gets its end (or the failure), and the request is reset. */
    private void finishOnClock(HttpClientResponse r, List<ByteBuffer> last) {
        if (!done) {
            deliver(r, last);
            if (guard.failure() != null) {
                fail(r);
                return;
            }
            endForTheApplication(r);
        }
        methods.reset(r.request(), new java.io.IOException("the upstream kept the stream open after its end"));
    }

    private void endForTheApplication(HttpClientResponse r) {
        done = true;
        delivering = true;
        try {
            methods.handleEnd(r);
        } finally {
            delivering = false;
        }
    }

    /** The guard failed the stream: the application gets the failure, then the request is reset. */
    private void fail(HttpClientResponse r) {
        done = true;
        guard.onCancel();
        delivering = true;
        try {
            methods.handleException(r, guard.failure());
        } finally {
            delivering = false;
        }
        methods.reset(r.request(), guard.failure());
    }

    private void deliver(HttpClientResponse r, List<ByteBuffer> out) {
        if (out.isEmpty()) {
            return;
        }
        delivering = true;
        try {
            methods.handleChunk(r, BufferViews.buffer(out));
        } finally {
            delivering = false;
        }
    }
}
