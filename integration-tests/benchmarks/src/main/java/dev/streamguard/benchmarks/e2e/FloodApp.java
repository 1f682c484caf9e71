package dev.streamguard.benchmarks.e2e;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The application of the flood benchmark: reads {@link LoopbackUpstream}'s 1 GiB tool-argument stream with
 * the JDK HttpClient and accumulates the arguments the way SDK accumulators do. Prints how it ended, how
 * many bytes it read, and the heap: the baseline after a collection, the largest heap in use after any
 * collection during the stream (the live set), and the heap in use after a collection at the end while the
 * application still holds what it accumulated.
 */
public final class FloodApp {
    private static final String ARGUMENTS = "\"arguments\":\"";
    private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();

    private FloodApp() {
    }

    public static void main(String[] args) throws Exception {
        watchCollections();
        System.gc();
        long baseline = heapUsed();
        PEAK_AFTER_GC.set(baseline);
        StringBuilder accumulated = new StringBuilder();
        long read = 0;
        String outcome = "completed";
        HttpClient client = HttpClient.newHttpClient();
        long start = System.nanoTime();
        try (InputStream body = client.send(HttpRequest.newBuilder(URI.create(args[0])).build(),
                HttpResponse.BodyHandlers.ofInputStream()).body();
             BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                read += line.length() + 1;
                int at = line.indexOf(ARGUMENTS);
                if (at >= 0) {
                    int from = at + ARGUMENTS.length();
                    accumulated.append(line, from, line.indexOf("\"}", from));
                }
            }
        } catch (IOException e) {
            outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (OutOfMemoryError e) {
            accumulated = null;
            outcome = "OutOfMemoryError: " + e.getMessage();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.gc();
        long live = heapUsed();
        System.out.println("OUTCOME " + outcome);
        System.out.println("READ_BYTES " + read);
        System.out.println("ACCUMULATED_CHARS " + (accumulated == null ? -1 : accumulated.length()));
        System.out.println("MILLIS " + millis);
        System.out.println("BASELINE_HEAP " + baseline);
        System.out.println("PEAK_AFTER_GC_HEAP " + PEAK_AFTER_GC.get());
        System.out.println("LIVE_AT_END_HEAP " + live);
        System.exit(0);
    }

    private static long heapUsed() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    private static void watchCollections() {
        java.util.Set<String> heapPools = new java.util.HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long after = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                            .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                    PEAK_AFTER_GC.accumulateAndGet(after, Math::max);
                }
            }, null, null);
        }
    }
}
