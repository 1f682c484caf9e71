package dev.streamguard.agent.vertx.glue;

import dev.streamguard.runtime.VertxBridge;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A body chunk's bytes without copying them: the guard reads the chunk's own Netty buffer, and what it hands
 * back (buffers that are the caller's to keep) becomes the application's chunk as it is. Vert.x 4.5 has both
 * ways on its public {@code Buffer}; Vert.x 5 moved them to its internal {@code BufferInternal}. A copy of
 * Vert.x without either is read through {@code getBytes} and {@code Buffer.buffer(byte[])}, with copies.
 * The glue is loaded once per copy of Vert.x, so these handles are that copy's, and constants the JIT inlines.
 */
final class BufferViews {
    private static final String[] WRAPPERS = {"io.vertx.core.internal.buffer.BufferInternal", "io.vertx.core.buffer.Buffer"};
    /** This copy's own buffer class, as its connections make them. */
    private static final Class<?> BUFFER_CLASS = Buffer.buffer().getClass();
    /** {@code getByteBuf()} of that class, or null. */
    private static final MethodHandle BYTE_BUF = byteBuf();
    /** A static {@code buffer(ByteBuf)} returning a Vert.x buffer, or null. */
    private static final MethodHandle WRAP = wrap();

    private BufferViews() {
    }

    private static MethodHandle byteBuf() {
        try {
            // Typed as the glue calls them, so that each call is exact, with no conversion on the way.
            return MethodHandles.publicLookup().findVirtual(BUFFER_CLASS, "getByteBuf", MethodType.methodType(ByteBuf.class))
                    .asType(MethodType.methodType(ByteBuf.class, Buffer.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            VertxBridge.internalError(e);
            return null;
        }
    }

    private static MethodHandle wrap() {
        for (String name : WRAPPERS) {
            try {
                Class<?> owner = Class.forName(name, false, BUFFER_CLASS.getClassLoader());
                return MethodHandles.publicLookup().findStatic(owner, "buffer", MethodType.methodType(owner, ByteBuf.class))
                        .asType(MethodType.methodType(Buffer.class, ByteBuf.class));
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                // the other version's place
            } catch (ReflectiveOperationException | RuntimeException e) {
                VertxBridge.internalError(e);
                return null;
            }
        }
        return null;
    }

    /** The chunk's readable bytes, shared with it. */
    static ByteBuffer view(Buffer chunk) {
        if (BYTE_BUF != null && chunk.getClass() == BUFFER_CLASS) {
            try {
                ByteBuf bytes = (ByteBuf) BYTE_BUF.invokeExact(chunk);
                return bytes.nioBuffer();
            } catch (Throwable t) {
                VertxBridge.internalError(t);
            }
        }
        return ByteBuffer.wrap(chunk.getBytes());
    }

    /** A Vert.x buffer holding the guard's output, which is the caller's to keep. */
    static Buffer buffer(List<ByteBuffer> out) {
        if (WRAP != null) {
            try {
                ByteBuf all = out.size() == 1 ? Unpooled.wrappedBuffer(out.get(0)) : Unpooled.wrappedBuffer(out.toArray(new ByteBuffer[0]));
                return (Buffer) WRAP.invokeExact(all);
            } catch (Throwable t) {
                VertxBridge.internalError(t);
            }
        }
        return Buffer.buffer(bytes(out));
    }

    private static byte[] bytes(List<ByteBuffer> out) {
        int n = 0;
        for (ByteBuffer b : out) {
            n += b.remaining();
        }
        byte[] all = new byte[n];
        int at = 0;
        for (ByteBuffer b : out) {
            int len = b.remaining();
            b.duplicate().get(all, at, len);
            at += len;
        }
        return all;
    }
}
