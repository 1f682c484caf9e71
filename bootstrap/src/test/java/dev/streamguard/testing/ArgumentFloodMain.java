package dev.streamguard.testing;

import dev.streamguard.StreamGuardException;
import dev.streamguard.config.ConfigLoader;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.core.GuardEngine;
import dev.streamguard.core.GuardedInputStream;
import dev.streamguard.core.StreamContext;
import dev.streamguard.core.StreamReport;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run in a forked JVM with a small heap by {@code ArgumentFloodMemoryTest}: streams a generated OpenAI
 * tool-call argument flood (never held in memory) through {@link GuardedInputStream} and prints what
 * happened and how the heap grew, one {@code key=value} per line.
 *
 * <p>Arguments: {@code default|raised} (caps), {@code string|array} (the shape of the endless arguments),
 * and the number of argument bytes to stream. With {@code default} the flood never closes (an endless
 * string or array, as a glitched model sends); with {@code raised} it closes after that many bytes and the
 * stream finishes as a compliant one.
 *
 * <p>Heap: after {@code System.gc()} the baseline is the heap in use; while streaming, the heap in use is
 * sampled every 4 MiB without a collection, and after a {@code System.gc()} every 128 MiB; the peak usage
 * the heap pools recorded is read at the end. Growth = peak - baseline.
 */
public final class ArgumentFloodMain {
    private static final int FRAGMENT = 4096;

    private ArgumentFloodMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean raised = args[0].equals("raised");
        boolean array = args[1].equals("array");
        long argumentBytes = Long.parseLong(args[2]);
        GuardConfig config = raised
                ? ConfigLoader.load("tool-args.max-bytes=2GiB,tool-args.max-stream-bytes=2GiB", new Properties(), Map.of())
                : ConfigLoader.load("", new Properties(), Map.of());

        List<MemoryPoolMXBean> heapPools = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool);
            }
        }
        FloodStream upstream = new FloodStream(array, argumentBytes, raised);
        AtomicReference<StreamReport> report = new AtomicReference<>();
        byte[] buf = new byte[8192];
        System.gc();
        System.gc();
        long baseline = heapUsed();
        for (MemoryPoolMXBean pool : heapPools) {
            pool.resetPeakUsage();
        }
        long start = System.nanoTime();
        InputStream in = new GuardedInputStream(upstream,
                new GuardEngine(config, new StreamContext("http://127.0.0.1/v1/chat/completions", "flood", null, report::set)));
        long delivered = 0;
        long peakSampled = baseline;
        long peakAfterGc = baseline;
        long nextSample = 0;
        long nextGc = 128L << 20;
        String outcome;
        String message = "";
        try {
            int n;
            while ((n = in.read(buf, 0, buf.length)) >= 0) {
                delivered += n;
                if (upstream.position >= nextSample) {
                    peakSampled = Math.max(peakSampled, heapUsed());
                    nextSample += 4L << 20;
                }
                if (upstream.position >= nextGc) {
                    System.gc();
                    peakAfterGc = Math.max(peakAfterGc, heapUsed());
                    nextGc += 128L << 20;
                }
            }
            outcome = "completed";
        } catch (StreamGuardException e) {
            outcome = "failed";
            message = e.getMessage();
        }
        long seconds = (System.nanoTime() - start) / 1_000_000;
        peakSampled = Math.max(peakSampled, heapUsed());
        long peakPools = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            peakPools += pool.getPeakUsage().getUsed();
        }
        in.close();
        System.gc();
        peakAfterGc = Math.max(peakAfterGc, heapUsed());
        System.out.println("outcome=" + outcome);
        System.out.println("message=" + message);
        System.out.println("upstreamBytes=" + upstream.position);
        System.out.println("deliveredBytes=" + delivered);
        System.out.println("bodyBytes=" + upstream.length);
        System.out.println("argumentBytes=" + upstream.argumentBytesSent);
        System.out.println("millis=" + seconds);
        System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
        System.out.println("baseline=" + baseline);
        System.out.println("growthSampled=" + (peakSampled - baseline));
        System.out.println("growthAfterGc=" + (peakAfterGc - baseline));
        System.out.println("growthPoolPeaks=" + (peakPools - baseline));
        System.out.println("report=" + report.get());
        System.out.flush();
        System.exit(report.get() == null ? 3 : 0);
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The flood, generated as it is read: one tool call whose arguments are a JSON string ({@code {"data":"aaa...})
     * or array ({@code [1234567,...}) sent in fragments of 4 KiB, one fragment per event. When {@code closes},
     * the arguments end after {@code argumentBytes}, the choice finishes and {@code [DONE]} follows; otherwise
     * the fragments never stop.
     */
    static final class FloodStream extends InputStream {
        private static final String PREFIX = "data: {\"id\":\"chatcmpl-flood\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1700000000,\"model\":\"glitched\",\"choices\":[{\"index\":0,\"delta\":";
        private static final String SUFFIX = ",\"finish_reason\":null}]}\n\n";

        private final byte[] header;
        private final byte[] fragment;
        private final byte[] trailer;
        private final long fragments;
        private final boolean closes;
        final long length;
        long position;
        long argumentBytesSent;
        private long fragmentsSent;
        private int part; // 0 header, 1 fragments, 2 trailer, 3 end
        private int at;

        FloodStream(boolean array, long argumentBytes, boolean closes) {
            this.closes = closes;
            String open = array ? "[" : "{\\\"data\\\":\\\"";
            String close = array ? "0]" : "\\\"}";
            StringBuilder fragmentText = new StringBuilder(FRAGMENT);
            if (array) {
                while (fragmentText.length() < FRAGMENT) {
                    fragmentText.append("1234567,");
                }
            } else {
                String letters = "abcdefghijklmnopqrstuvwxyz0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ.,;!?-";
                for (int i = 0; fragmentText.length() < FRAGMENT; i++) {
                    fragmentText.append(letters.charAt(i % letters.length()));
                }
            }
            header = bytes(PREFIX + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_flood\","
                    + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}" + SUFFIX
                    + event(open));
            fragment = bytes(event(fragmentText.toString()));
            trailer = bytes(event(close) + PREFIX + "{}" + SUFFIX.replace("null", "\"tool_calls\"") + "data: [DONE]\n\n");
            fragments = argumentBytes / FRAGMENT;
            long bodyLength = header.length + fragments * fragment.length + trailer.length;
            length = closes ? bodyLength : Long.MAX_VALUE;
        }

        private static String event(String argumentsFragment) {
            return PREFIX + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"" + argumentsFragment + "\"}}]}" + SUFFIX;
        }

        private static byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            byte[] src;
            switch (part) {
                case 0:
                    src = header;
                    break;
                case 1:
                    src = fragment;
                    break;
                case 2:
                    src = trailer;
                    break;
                default:
                    return -1;
            }
            int n = Math.min(len, src.length - at);
            System.arraycopy(src, at, b, off, n);
            at += n;
            position += n;
            if (at == src.length) {
                at = 0;
                if (part == 1) {
                    fragmentsSent++;
                    argumentBytesSent += FRAGMENT;
                    if (closes && fragmentsSent == fragments) {
                        part = 2;
                    }
                } else {
                    part++;
                }
            }
            return n;
        }
    }
}
