package dev.streamguard.testing;

import dev.streamguard.StreamGuardException;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.core.ChunkGuard;
import dev.streamguard.core.GuardEngine;
import dev.streamguard.core.GuardedInputStream;
import dev.streamguard.core.StreamContext;
import dev.streamguard.core.StreamReport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One body (any bytes, not necessarily UTF-8) run through one adapter of the guard, for the fuzzer: what the
 * client got, the {@code StreamGuardException} it got, anything else that escaped (which is always a bug), and
 * every report the stream produced (exactly one is right).
 */
public final class FuzzRun {
    public final byte[] output;
    public final StreamGuardException failure;
    /** Any throwable other than a StreamGuardException that reached the client; null when none did. */
    public final Throwable escaped;
    public final List<StreamReport> reports;
    /** A buffer the push adapter handed out changed after it was handed out (or null). */
    public final String aliasing;

    public FuzzRun(byte[] output, StreamGuardException failure, Throwable escaped, List<StreamReport> reports, String aliasing) {
        this.output = output;
        this.failure = failure;
        this.escaped = escaped;
        this.reports = reports;
        this.aliasing = aliasing;
    }

    public StreamReport report() {
        return reports.isEmpty() ? null : reports.get(0);
    }

    /** Chunk sizes covering {@code length} bytes: whole, every byte, or random sizes up to {@code max}. */
    public static int[] chunks(Random r, int length) {
        int style = r.nextInt(20);
        if (length == 0) {
            return new int[0];
        }
        if (style < 3) {
            return new int[] {length};
        }
        if (style == 3 && length <= 2000) {
            int[] sizes = new int[length];
            Arrays.fill(sizes, 1);
            return sizes;
        }
        int[] maxes = {2, 4, 8, 32, 64, 128, 200, 512, 1024, 4096, 8192};
        int max = maxes[r.nextInt(maxes.length)];
        int[] sizes = new int[length];
        int n = 0;
        int left = length;
        while (left > 0) {
            int s = Math.min(left, 1 + r.nextInt(max));
            sizes[n++] = s;
            left -= s;
        }
        return Arrays.copyOf(sizes, n);
    }

    private static StreamContext context(byte[] request, List<StreamReport> reports) {
        return new StreamContext("http://127.0.0.1/v1/fuzz", "fuzz", request, r -> {
            synchronized (reports) {
                reports.add(r);
            }
        });
    }

    /** How the pull adapter reads the upstream and hands on its output. */
    public enum Upstream {
        /** Read into an array of the adapter's, the output copied into the client's. */
        COPIED,
        /** Read where the upstream buffered it, the output copied into the client's array. */
        IN_PLACE,
        /** Read where the upstream buffered it, the output moved out where it lies (OkHttp's glue). */
        MOVED_OUT
    }

    /**
     * Through the pull adapter, read with a buffer of {@code readSize} bytes (0: one byte at a time with read(); moved
     * out, at most that many of the guard's own bytes at a time, 0 as 1).
     */
    public static FuzzRun pull(byte[] body, GuardConfig config, byte[] request, int[] sizes, int readSize, Upstream kind) {
        List<StreamReport> reports = new ArrayList<>(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        StreamGuardException failure = null;
        Throwable escaped = null;
        ChunkedInputStream upstream = new ChunkedInputStream(body, sizes);
        try (GuardedInputStream in = new GuardedInputStream(upstream, kind == Upstream.COPIED ? null : upstream,
                new GuardEngine(config, context(request, reports)), null)) {
            if (kind == Upstream.MOVED_OUT) {
                try {
                    while (in.readOut(Math.max(1, readSize)) >= 0) {
                        // What left is in the upstream's out.
                    }
                } finally {
                    out = upstream.out;
                }
            } else if (readSize == 0) {
                int c;
                while ((c = in.read()) >= 0) {
                    out.write(c);
                }
            } else {
                byte[] buf = new byte[readSize + 3];
                int n;
                while ((n = in.read(buf, 1, readSize)) >= 0) {
                    out.write(buf, 1, n);
                }
            }
        } catch (StreamGuardException e) {
            failure = e;
        } catch (Throwable t) {
            escaped = t;
        }
        return new FuzzRun(out.toByteArray(), failure, escaped, reports, null);
    }

    /**
     * Through the push adapter: each chunk delivered as one to three buffers (heap with an offset,
     * read-only, or direct), as HTTP clients do, and shared or not at random. After a failure the rest is offered anyway and must yield
     * nothing. Every buffer handed out is checked again at the end: it must not have changed.
     */
    public static FuzzRun push(byte[] body, GuardConfig config, byte[] request, int[] sizes, Random r) {
        List<StreamReport> reports = new ArrayList<>(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        List<ByteBuffer> handedOut = new ArrayList<>();
        List<byte[]> copies = new ArrayList<>();
        Throwable escaped = null;
        StreamGuardException failure = null;
        String aliasing = null;
        try {
            ChunkGuard guard = new ChunkGuard(new GuardEngine(config, context(request, reports)));
            int at = 0;
            boolean failed = false;
            for (int size : sizes) {
                List<ByteBuffer> items = buffers(body, at, size, r);
                at += size;
                List<ByteBuffer> got = r.nextBoolean() ? guard.onNextShared(items) : guard.onNext(items);
                if (failed && !got.isEmpty()) {
                    escaped = new AssertionError("onNext after the failure returned " + got);
                    break;
                }
                take(got, out, handedOut, copies);
                if (guard.failure() != null) {
                    failed = true;
                }
            }
            if (escaped == null) {
                List<ByteBuffer> last = guard.onComplete();
                if (failed && !last.isEmpty()) {
                    escaped = new AssertionError("onComplete after the failure returned " + last);
                } else {
                    take(last, out, handedOut, copies);
                }
                failure = guard.failure();
            }
            for (int i = 0; i < handedOut.size() && aliasing == null; i++) {
                ByteBuffer b = handedOut.get(i);
                byte[] now = new byte[b.remaining()];
                b.duplicate().get(now);
                if (!Arrays.equals(now, copies.get(i))) {
                    aliasing = "buffer " + i + " of the output changed after it was handed out";
                }
            }
        } catch (Throwable t) {
            escaped = t;
        }
        return new FuzzRun(out.toByteArray(), failure, escaped, reports, aliasing);
    }

    private static void take(List<ByteBuffer> got, ByteArrayOutputStream out, List<ByteBuffer> handedOut, List<byte[]> copies) {
        for (ByteBuffer b : got) {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            out.write(a, 0, a.length);
            handedOut.add(b);
            copies.add(a);
        }
    }

    private static List<ByteBuffer> buffers(byte[] body, int at, int size, Random r) {
        int parts = size >= 3 ? 1 + r.nextInt(3) : 1;
        List<ByteBuffer> items = new ArrayList<>(parts);
        int left = size;
        int pos = at;
        for (int p = 0; p < parts; p++) {
            int n = p == parts - 1 ? left : 1 + r.nextInt(Math.max(1, left - (parts - 1 - p)));
            n = Math.min(n, left - (parts - 1 - p));
            int kind = r.nextInt(10);
            items.add(buffer(body, pos, n, kind < 5 ? 0 : kind < 9 ? 1 : 2));
            pos += n;
            left -= n;
        }
        return items;
    }

    private static ByteBuffer buffer(byte[] body, int from, int n, int kind) {
        switch (kind) {
            case 0: {
                byte[] padded = new byte[n + 7];
                Arrays.fill(padded, (byte) '#');
                System.arraycopy(body, from, padded, 5, n);
                return ByteBuffer.wrap(padded, 5, n).slice();
            }
            case 1:
                return ByteBuffer.wrap(Arrays.copyOfRange(body, from, from + n)).asReadOnlyBuffer();
            default: {
                ByteBuffer d = ByteBuffer.allocateDirect(n);
                d.put(body, from, n).flip();
                return d;
            }
        }
    }
}
