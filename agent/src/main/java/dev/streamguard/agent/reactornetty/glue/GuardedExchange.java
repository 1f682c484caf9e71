package dev.streamguard.agent.reactornetty.glue;

import dev.streamguard.core.ChunkGuard;
import dev.streamguard.runtime.GuardedStreams;
import dev.streamguard.runtime.ReactorNettyBridge;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;

/**
 * One guarded response, on its event loop. Its body's messages go through the push guard; what comes out
 * replaces them (a message whose bytes are all held, a partial line, is released and not handled). A failure
 * reaches the application as Reactor Netty's own inbound error, after the bytes before it, and the connection
 * is closed: what the upstream still sends is never read by another exchange. After the terminal event the
 * upstream's own end is awaited (its connection can then be reused) for a bounded time; after that the
 * exchange is completed here and its connection closed.
 */
final class GuardedExchange {
    private static final String WHERE = "reactor-netty response";

    private final Object operations;
    private final ChannelHandlerContext ctx;
    private final ChunkGuard guard;
    /** Messages this exchange hands to Reactor Netty itself come back through the hook: they pass. */
    private boolean delivering;
    /** The application has its end (completion or failure): what still comes is dropped. */
    private boolean done;

    private GuardedExchange(Object operations, ChannelHandlerContext ctx, ChunkGuard guard) {
        this.operations = operations;
        this.ctx = ctx;
        this.guard = guard;
    }

    /** The exchange of a response, if it is one the guard takes; otherwise null. */
    static GuardedExchange start(Object operations, ChannelHandlerContext ctx, HttpResponse response, byte[] requestJson) {
        String url = ((HttpClientResponse) operations).resourceUrl();
        HttpHeaders headers = response.headers();
        if (!ReactorNettyBridge.shouldGuard(headers.get(HttpHeaderNames.CONTENT_TYPE), headers.get(HttpHeaderNames.CONTENT_ENCODING), url)) {
            return null;
        }
        ChunkGuard guard = ReactorNettyBridge.guard(url, requestJson);
        if (guard == null) {
            return null;
        }
        // The guard may change the body's length: the response states none, as for a chunked body.
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        GuardedExchange exchange = new GuardedExchange(operations, ctx, guard);
        guard.watch(exchange::clockRanOut);
        guard.awaiting();
        return exchange;
    }

    boolean belongsTo(Object exchangeOperations) {
        return operations == exchangeOperations;
    }

    /** A body message: what to hand on in its place, or null when it was dealt with here. */
    Object next(HttpContent content) {
        if (delivering) {
            return content;
        }
        if (done) {
            content.release();
            return null;
        }
        try {
            return guarded(content);
        } catch (Throwable t) {
            // The guard itself failed (it fails open on its own; this is the glue): the rest passes as it comes.
            GuardedStreams.internalError(WHERE, t);
            done = true;
            return content.refCnt() > 0 ? content : null;
        }
    }

    private Object guarded(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        ByteBuf body = content.content();
        List<ByteBuffer> out = Collections.emptyList();
        if (body.isReadable()) {
            List<ByteBuffer> in = Collections.singletonList(body.nioBuffer());
            out = guard.onNext(in);
            if (out == in) {
                if (!last && guard.failure() == null && !guard.terminalReached()) {
                    guard.awaiting();
                    return content;
                }
                // They view the message's memory, which is released below.
                out = Collections.singletonList(copy(in.get(0)));
            }
        }
        if (last && guard.failure() == null) {
            out = concat(out, guard.onComplete());
        }
        if (guard.failure() != null) {
            content.release();
            fail(out);
            return null;
        }
        if (last) {
            done = true;
            LastHttpContent end = ((LastHttpContent) content).replace(wrap(out));
            content.release();
            return end;
        }
        if (guard.terminalReached()) {
            guard.startDraining();
        } else {
            guard.awaiting();
        }
        if (out.isEmpty()) {
            content.release();
            return null;
        }
        HttpContent replaced = content.replace(wrap(out));
        content.release();
        return replaced;
    }

    /** The application cancelled (reported), or the connection closed before the body's end. */
    void ended(boolean cancelled) {
        if (done) {
            return;
        }
        if (cancelled) {
            done = true;
            guard.onCancel();
            return;
        }
        // After the terminal event the stream is whole: it completes here, before Reactor Netty reports a
        // connection closed during the response.
        List<ByteBuffer> last = guard.onError(new IOException("connection closed"));
        if (guard.terminalReached() && guard.failure() == null) {
            complete(last);
        } else {
            done = true;
        }
    }

    /** Another response came on the channel before this one ended. */
    void replaced() {
        ended(false);
    }

    /** On the watchdog's thread: only hands the work to the event loop. */
    private void clockRanOut() {
        ctx.channel().eventLoop().execute(this::onClock);
    }

    private void onClock() {
        if (done) {
            return;
        }
        try {
            switch (guard.clockFired()) {
                case IDLE_TIMEOUT:
                    guard.idleTimedOut();
                    fail(Collections.emptyList());
                    return;
                case TERMINAL_GRACE: {
                    List<ByteBuffer> last = guard.terminalGraceExpired();
                    if (guard.failure() != null) {
                        fail(last);
                    } else {
                        complete(last);
                    }
                    return;
                }
                case HELD_OPEN:
                    complete(guard.heldOpen());
                    return;
                case CANCEL_AFTER_FAILURE:
                    ctx.channel().close();
                    return;
                default:
                    return;
            }
        } catch (Throwable t) {
            GuardedStreams.internalError(WHERE, t);
        }
    }

    /** The bytes before the failure, then the failure itself, through Reactor Netty's inbound error. */
    private void fail(List<ByteBuffer> before) {
        done = true;
        if (!before.isEmpty()) {
            deliver(new DefaultHttpContent(wrap(before)));
        }
        ((Connection) operations).markPersistent(false);
        try {
            ((ChannelInboundHandler) ctx.handler()).exceptionCaught(ctx, guard.failure());
        } catch (Exception e) {
            GuardedStreams.internalError(WHERE, e);
        }
        ctx.channel().close();
    }

    /** The application gets the last bytes and its end; the upstream, not at its end, loses its connection. */
    private void complete(List<ByteBuffer> last) {
        done = true;
        ((Connection) operations).markPersistent(false);
        deliver(new DefaultLastHttpContent(wrap(last)));
        ctx.channel().close();
    }

    private void deliver(Object message) {
        delivering = true;
        try {
            ((ChannelInboundHandler) ctx.handler()).channelRead(ctx, message);
        } catch (Exception e) {
            GuardedStreams.internalError(WHERE, e);
        } finally {
            delivering = false;
        }
    }

    private static ByteBuf wrap(List<ByteBuffer> buffers) {
        return buffers.isEmpty() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(buffers.toArray(new ByteBuffer[0]));
    }

    private static ByteBuffer copy(ByteBuffer view) {
        ByteBuffer copy = ByteBuffer.allocate(view.remaining());
        copy.put(view.duplicate()).flip();
        return copy;
    }

    private static List<ByteBuffer> concat(List<ByteBuffer> a, List<ByteBuffer> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        List<ByteBuffer> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
