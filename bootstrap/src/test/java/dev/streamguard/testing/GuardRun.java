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

    private GuardRun(byte[] output, StreamGuardException failure, StreamReport report) {
        this.output = output;
        this.failure = failure;
        this.report = report;
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
