package dev.streamguard.agent.reactornetty.glue;

import dev.streamguard.runtime.ReactorNettyBridge;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientRequest;

/**
 * The glue for one copy of Reactor Netty: finds the exchange an inbound message belongs to. The guard of an
 * exchange is kept on its channel (one exchange at a time on an HTTP/1.1 connection; HTTP/2 gives each stream
 * a channel of its own), with the operations it belongs to, so that it goes with the channel.
 */
public final class NettyInbound implements ReactorNettyBridge.Inbound {
    private static final AttributeKey<GuardedExchange> EXCHANGE = AttributeKey.valueOf(NettyInbound.class, "exchange");
    private static final AttributeKey<SentRequest> REQUEST = AttributeKey.valueOf(NettyInbound.class, "request");

    @Override
    public Object next(Object operations, Object context, Object message) {
        ChannelHandlerContext ctx = (ChannelHandlerContext) context;
        if (message instanceof HttpResponse) {
            Attribute<GuardedExchange> slot = ctx.channel().attr(EXCHANGE);
            GuardedExchange before = slot.getAndSet(null);
            if (before != null) {
                // Another response on the connection before this one's end.
                before.ended(false);
            }
            SentRequest request = ctx.channel().attr(REQUEST).getAndSet(null);
            byte[] requestJson = request != null && request.operations == operations ? request.body : null;
            if (!(message instanceof FullHttpResponse)) {
                slot.set(GuardedExchange.start(operations, ctx, slot, (HttpResponse) message, requestJson));
            }
            return message;
        }
        if (!(message instanceof HttpContent)) {
            return message;
        }
        GuardedExchange exchange = ctx.channel().attr(EXCHANGE).get();
        if (exchange == null || !exchange.belongsTo(operations)) {
            return message;
        }
        return exchange.next((HttpContent) message);
    }

    @Override
    public void requestBody(Object operations, Object body) {
        ByteBuf bytes = (ByteBuf) body;
        String type = ((HttpClientRequest) operations).requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        if (ReactorNettyBridge.wantsRequestBody(bytes.readableBytes(), type)) {
            byte[] copy = new byte[bytes.readableBytes()];
            bytes.getBytes(bytes.readerIndex(), copy);
            ((Connection) operations).channel().attr(REQUEST).set(new SentRequest(operations, copy));
        }
    }

    @Override
    public void ended(Object operations, boolean cancelled) {
        GuardedExchange exchange = ((Connection) operations).channel().attr(EXCHANGE).get();
        if (exchange != null && exchange.belongsTo(operations)) {
            exchange.ended(cancelled);
        }
    }

    /** A request body, until the response to it arrives on the channel. */
    private static final class SentRequest {
        final Object operations;
        final byte[] body;

        SentRequest(Object operations, byte[] body) {
            this.operations = operations;
            this.body = body;
        }
    }
}
