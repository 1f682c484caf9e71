package dev.streamguard.testing;

import dev.streamguard.StreamGuardException;
import dev.streamguard.config.ConfigLoader;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.core.ChunkGuard;
import dev.streamguard.core.GuardEngine;
import dev.streamguard.core.GuardedInputStream;
import dev.streamguard.core.StreamContext;
import dev.streamguard.core.StreamReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/** One body run through the guard: what the client read, the failure it got, and the report. */
public final class GuardRun {
    public final byte[] output;
    public final StreamGuardException failure;
    public final StreamReport report;
    /** How many of the output's bytes left where the upstream buffered them, not copied (pulled and moved out only). */
    public final int movedOut;

    /** The adapter a body is run through. */
    public enum Adapter {
        /** {@link #pull}. */
        PULL,
        /** {@link #pullMovedOut}. */
        PULL_MOVED_OUT,
        /** {@link #push}. */
        PUSH
    }

    private GuardRun(byte[] output, StreamGuardException failure, StreamReport report) {
        this(output, failure, report, 0);
    }

    private GuardRun(byte[] output, StreamGuardException failure, StreamReport report, int movedOut) {
        this.output = output;
        this.failure = failure;
        this.report = report;
        this.movedOut = movedOut;
    }

    /** Through {@code adapter}. */
    public static GuardRun run(Adapter adapter, String body, GuardConfig config, String requestJson, Chunking chunking) {
        switch (adapter) {
            case PULL:
                return pull(body, config, requestJson, chunking);
            case PULL_MOVED_OUT:
                return pullMovedOut(body, config, requestJson, chunking);
            default:
                return push(body, config, requestJson, chunking);
        }
    }

    public String text() {
        return new String(output, StandardCharsets.UTF_8);
    }

    public static GuardConfig config(String agentArgument) {
        return ConfigLoader.load(agentArgument, new Properties(), java.util.Map.of());
    }

    private static final String TEST_URL = "http://127.0.0.1/v1/test";

    public static GuardRun enforce(String body) {
        return pull(body, config(""), null, Chunking.whole());
    }

    public static GuardRun enforce(String body, String requestJson) {
        return pull(body, config(""), requestJson, Chunking.whole());
    }

    /** Through the pull adapter: an {@code InputStream} read with an 8 KiB buffer. */
    public static GuardRun pull(String body, GuardConfig config, String requestJson, Chunking chunking) {
        return pull(body, config, requestJson, chunking, TEST_URL);
    }

    /** The same, for a request to {@code url} (where the guard looks at its path). */
    public static GuardRun pull(String body, GuardConfig config, String requestJson, Chunking chunking, String url) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        AtomicReference<StreamReport> report = new AtomicReference<>();
        StreamContext context = context(url, requestJson, false, report);
        InputStream in = new GuardedInputStream(new ChunkedInputStream(bytes, chunking.sizes(bytes.length).stream().mapToInt(Integer::intValue).toArray()),
                new GuardEngine(config, context));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamGuardException failure = null;
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf, 0, buf.length)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (StreamGuardException e) {
            failure = e;
        } catch (IOException e) {
            throw new AssertionError("unexpected I/O error", e);
        }
        return new GuardRun(out.toByteArray(), failure, report.get());
    }

    /**
     * Through the pull adapter as OkHttp's glue reads it: the upstream read where it buffered its bytes, and what passes
     * unchanged moved out where it lies ({@link GuardedInputStream#readOut}), 8 KiB of the guard's own bytes at a time.
     */
    public static GuardRun pullMovedOut(String body, GuardConfig config, String requestJson, Chunking chunking) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        AtomicReference<StreamReport> report = new AtomicReference<>();
        StreamContext context = context(TEST_URL, requestJson, false, report);
        ChunkedInputStream upstream = new ChunkedInputStream(bytes, chunking.sizes(bytes.length).stream().mapToInt(Integer::intValue).toArray());
        StreamGuardException failure = null;
        try (GuardedInputStream in = new GuardedInputStream(upstream, upstream, new GuardEngine(config, context), null)) {
            while (in.readOut(8192) >= 0) {
                // What left is in the upstream's out.
            }
        } catch (StreamGuardException e) {
            failure = e;
        } catch (IOException e) {
            throw new AssertionError("unexpected I/O error", e);
        }
        return new GuardRun(upstream.out.toByteArray(), failure, report.get(), upstream.movedOut());
    }

    /** Through the push adapter as the JDK HttpClient's glue calls it: read-only buffers in, shared. */
    public static GuardRun push(String body, GuardConfig config, String requestJson, Chunking chunking) {
        return push(body, config, requestJson, chunking, false);
    }

    /** The same, to a reader the adapter says is reactive (Reactor Netty, the JDK HttpClient's body publisher) or not. */
    public static GuardRun push(String body, GuardConfig config, String requestJson, Chunking chunking, boolean reactiveReader) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        AtomicReference<StreamReport> report = new AtomicReference<>();
        ChunkGuard guard = new ChunkGuard(new GuardEngine(config, context(TEST_URL, requestJson, reactiveReader, report)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        for (int size : chunking.sizes(bytes.length)) {
            ByteBuffer item = ByteBuffer.wrap(Arrays.copyOfRange(bytes, at, at + size)).asReadOnlyBuffer();
            at += size;
            write(guard.onNextShared(List.of(item)), out);
            if (guard.failure() != null) {
                break;
            }
        }
        if (guard.failure() == null) {
            write(guard.onComplete(), out);
        }
        return new GuardRun(out.toByteArray(), guard.failure(), report.get());
    }

    private static StreamContext context(String url, String requestJson, boolean reactiveReader, AtomicReference<StreamReport> report) {
        byte[] request = requestJson == null ? null : requestJson.getBytes(StandardCharsets.UTF_8);
        return new StreamContext(url, "test", request, () -> reactiveReader, r -> {
            if (!report.compareAndSet(null, r)) {
                throw new AssertionError("a second report for one stream: " + r);
            }
        });
    }

    private static void write(List<ByteBuffer> buffers, ByteArrayOutputStream out) {
        for (ByteBuffer b : buffers) {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            out.write(a, 0, a.length);
        }
    }
}
