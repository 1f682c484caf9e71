package dev.streamguard.agent.reactornetty.glue;

import dev.streamguard.core.ChunkGuard;
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
import io.netty.util.Attribute;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientRequest;
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
    private final Object operations;
    private final ChannelHandlerContext ctx;
    private final Attribute<GuardedExchange> slot;
    private final ChunkGuard guard;
    /** The exchange is over (the application has its end, or the glue failed): it has left its channel. */
    private boolean done;
    /** The message being handled was released here: after a failure of the glue it must not be handed on. */
    private boolean released;

    private GuardedExchange(Object operations, ChannelHandlerContext ctx, Attribute<GuardedExchange> slot, ChunkGuard guard) {
        this.operations = operations;
        this.ctx = ctx;
        this.slot = slot;
        this.guard = guard;
    }

    /** The exchange of a response, if it is one the guard takes; otherwise null. */
    static GuardedExchange start(Object operations, ChannelHandlerContext ctx, Attribute<GuardedExchange> slot, HttpResponse response,
                                 byte[] requestJson) {
        String url = ((HttpClientResponse) operations).resourceUrl();
        HttpHeaders headers = response.headers();
        if (!ReactorNettyBridge.shouldGuard(headers.get(HttpHeaderNames.CONTENT_TYPE), headers.get(HttpHeaderNames.CONTENT_ENCODING), url)) {
            return null;
        }
        // The request's headers as sent, a tracer's traceparent included.
        String traceparent = ((HttpClientRequest) operations).requestHeaders().get("traceparent");
        ChunkGuard guard = ReactorNettyBridge.guard(url, requestJson, traceparent);
        if (guard == null) {
            return null;
        }
        // The guard may change the body's length: the response states none, as for a chunked body.
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        GuardedExchange exchange = new GuardedExchange(operations, ctx, slot, guard);
        guard.watch(exchange::clockRanOut);
        guard.awaiting();
        return exchange;
    }

    boolean belongsTo(Object exchangeOperations) {
        return operations == exchangeOperations;
    }

    /**
     * A body message: what to hand on in its place, or null when it was dealt with here. Once the exchange is
     * over it has left its channel, so the messages it hands to Reactor Netty itself, and any that still come,
     * are not brought here.
     */
    Object next(HttpContent content) {
        if (done) {
            return content;
        }
        if (content.decoderResult().isFailure()) {
            // A body Netty could not decode: Reactor Netty fails the exchange and drops the connection itself.
            guard.onError(content.decoderResult().cause());
            end();
            return content;
        }
        released = false;
        try {
            return guarded(content);
        } catch (Throwable t) {
            // The glue failed (the guard fails open on its own): the rest passes as it comes, and the guard stops.
            ReactorNettyBridge.internalError(t);
            end();
            guard.onCancel();
            return released ? null : content;
        }
    }

    private Object guarded(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        ByteBuf body = content.content();
        ByteBuffer chunk = null;
        List<ByteBuffer> out = Collections.emptyList();
        if (body.isReadable()) {
            chunk = body.nioBuffer();
            // What passes unchanged comes back as views of the message's memory: they leave as retained slices of
            // it (see wrap), not as copies.
            out = guard.onNextShared(Collections.singletonList(chunk));
            if (out.size() == 1 && out.get(0) == chunk && !last && guard.failure() == null && !guard.terminalReached()) {
                guard.awaiting();
                return content;
            }
        }
        if (last && guard.failure() == null) {
            out = ChunkGuard.concat(out, guard.onComplete());
        }
        if (guard.failure() != null) {
            ByteBuf before = wrap(out, body, chunk);
            release(content);
            fail(before);
            return null;
        }
        if (last) {
            LastHttpContent end = ((LastHttpContent) content).replace(wrap(out, body, chunk));
            release(content);
            end();
            return end;
        }
        if (guard.terminalReached()) {
            guard.startDraining();
        } else {
            guard.awaiting();
        }
        if (out.isEmpty()) {
            release(content);
            return null;
        }
        HttpContent replaced = content.replace(wrap(out, body, chunk));
        release(content);
        return replaced;
    }

    private void release(HttpContent content) {
        released = true;
        content.release();
    }

    /** The exchange is over: the channel forgets it, so what still comes passes to Reactor Netty as it comes. */
    private void end() {
        done = true;
        slot.compareAndSet(this, null);
    }

    /** The application cancelled (reported), or the connection closed before the body's end. */
    void ended(boolean cancelled) {
        if (done) {
            return;
        }
        if (cancelled) {
            end();
            guard.onCancel();
            return;
        }
        // After the terminal event the stream is whole: it completes here, before Reactor Netty reports a
        // connection closed during the response.
        List<ByteBuffer> last = guard.onError(new IOException("connection closed"));
        if (guard.terminalReached() && guard.failure() == null) {
            complete(last);
        } else {
            end();
        }
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
                    if (!ctx.channel().config().isAutoRead()) {
                        // Nothing is read because the application asks for nothing (Reactor Netty's backpressure):
                        // not the upstream's silence, so the clock starts again.
                        guard.restartIdleClock();
                        return;
                    }
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
                default:
                    // NONE, or CANCEL_AFTER_FAILURE, which cannot come: a failure closes the connection at once.
                    return;
            }
        } catch (Throwable t) {
            ReactorNettyBridge.internalError(t);
        }
    }

    /** The bytes before the failure, then the failure itself, through Reactor Netty's inbound error. */
    private void fail(List<ByteBuffer> before) {
        fail(wrap(before, null, null));
    }

    private void fail(ByteBuf before) {
        end();
        if (before.isReadable()) {
            deliver(new DefaultHttpContent(before));
        } else {
            before.release();
        }
        try {
            ((ChannelInboundHandler) ctx.handler()).exceptionCaught(ctx, guard.failure());
        } catch (Exception e) {
            ReactorNettyBridge.internalError(e);
        }
        // The failure is signalled: the guard's clocks stop, and the connection goes (what the upstream still
        // sends must not reach another exchange).
        guard.onCancel();
        ctx.channel().close();
    }

    /** The application gets the last bytes and its end; the upstream, not at its end, loses its connection. */
    private void complete(List<ByteBuffer> last) {
        end();
        ((Connection) operations).markPersistent(false);
        deliver(new DefaultLastHttpContent(wrap(last, null, null)));
        ctx.channel().close();
    }

    /** Hands a message to Reactor Netty itself; the exchange has ended, so its hook lets the message pass. */
    private void deliver(Object message) {
        try {
            ((ChannelInboundHandler) ctx.handler()).channelRead(ctx, message);
        } catch (Exception e) {
            // Declared by Netty's interface; Reactor Netty's handler catches what a read throws itself.
            ReactorNettyBridge.internalError(e);
        }
    }

    /**
     * The guard's output as one buffer. Its views of {@code chunk}, the memory of the message {@code body} (null
     * when there is none), become slices of the message, each retained, since the message itself is released once
     * handed on; its own bytes are wrapped as they are.
     */
    private static ByteBuf wrap(List<ByteBuffer> buffers, ByteBuf body, ByteBuffer chunk) {
        int n = buffers.size();
        if (n == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        ByteBuf[] parts = new ByteBuf[n];
        for (int i = 0; i < n; i++) {
            ByteBuffer b = buffers.get(i);
            parts[i] = chunk != null && views(b, chunk)
                    ? body.retainedSlice(body.readerIndex() + b.position() - chunk.position(), b.remaining())
                    : Unpooled.wrappedBuffer(b);
        }
        return n == 1 ? parts[0] : Unpooled.wrappedBuffer(parts);
    }

    /** Whether {@code b} shows the memory of {@code chunk}: the guard's own bytes are in arrays of its own. */
    private static boolean views(ByteBuffer b, ByteBuffer chunk) {
        if (b == chunk) {
            return true;
        }
        return chunk.isDirect() ? b.isDirect() : b.hasArray() && chunk.hasArray() && b.array() == chunk.array();
    }
}
