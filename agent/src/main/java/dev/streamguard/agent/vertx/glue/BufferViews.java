package dev.streamguard.agent.vertx.glue;

import dev.streamguard.runtime.VertxBridge;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A body chunk's bytes without the glue copying them: the guard reads the chunk's own Netty buffer, and what it
 * hands back (buffers that are the caller's to keep) becomes the application's chunk as it is. Vert.x 4.5 has
 * both ways on its public {@code Buffer}; Vert.x 5 moved them to {@code BufferInternal} (exported). A copy of
 * Vert.x without either is read through {@code getBytes} and {@code Buffer.buffer(byte[])}, with copies.
 * The glue is loaded once per copy of Vert.x, so these handles are that copy's, and constants the JIT inlines.
 */
final class BufferViews {
    /** Where the two calls are: Vert.x 5's place first, then 4.5's. */
    private static final String[] OWNERS = {"io.vertx.core.internal.buffer.BufferInternal", "io.vertx.core.buffer.Buffer"};
    private static final Class<?> OWNER = owner();
    /** {@code getByteBuf()}, typed as the glue calls it (exact calls, no conversion on the way), or null. */
    private static final MethodHandle BYTE_BUF = OWNER == null ? null
            : find(() -> MethodHandles.publicLookup().findVirtual(OWNER, "getByteBuf", MethodType.methodType(ByteBuf.class))
                    .asType(MethodType.methodType(ByteBuf.class, Buffer.class)));
    /** The static {@code buffer(ByteBuf)} that wraps a Netty buffer as a Vert.x one, or null. */
    private static final MethodHandle WRAP = OWNER == null ? null
            : find(() -> MethodHandles.publicLookup().findStatic(OWNER, "buffer", MethodType.methodType(OWNER, ByteBuf.class))
                    .asType(MethodType.methodType(Buffer.class, ByteBuf.class)));

    private BufferViews() {
    }

    private interface Lookup {
        MethodHandle find() throws ReflectiveOperationException;
    }

    private static Class<?> owner() {
        for (String name : OWNERS) {
            try {
                Class<?> owner = Class.forName(name, false, Buffer.class.getClassLoader());
                owner.getMethod("buffer", ByteBuf.class);
                owner.getMethod("getByteBuf");
                return owner;
            } catch (ReflectiveOperationException e) {
                // the other version's place
            } catch (RuntimeException | LinkageError e) {
                VertxBridge.internalError(e);
                return null;
            }
        }
        return null;
    }

    private static MethodHandle find(Lookup lookup) {
        try {
            return lookup.find();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            VertxBridge.internalError(e);
            return null;
        }
    }

    /** The chunk's readable bytes, shared with it. */
    static ByteBuffer view(Buffer chunk) {
        if (BYTE_BUF != null && OWNER.isInstance(chunk)) {
            try {
                ByteBuf bytes = (ByteBuf) BYTE_BUF.invokeExact(chunk);
                return bytes.nioBuffer();
            } catch (Throwable t) {
                VertxBridge.internalError(t);
            }
        }
        return ByteBuffer.wrap(chunk.getBytes());
    }

    /**
     * A Vert.x buffer holding the guard's output, which is the caller's to keep. It grows as Vert.x's own chunks
     * do when the application appends to it (a plain wrapped array could not).
     */
    static Buffer buffer(List<ByteBuffer> out) {
        if (WRAP != null) {
            try {
                CompositeByteBuf all = Unpooled.compositeBuffer(Math.max(2, out.size()));
                for (ByteBuffer b : out) {
                    all.addComponent(true, Unpooled.wrappedBuffer(b));
                }
                return (Buffer) WRAP.invokeExact((ByteBuf) all);
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
