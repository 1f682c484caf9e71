package dev.streamguard.it.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * The concurrency soak: reads many streams at once through the JDK HttpClient and OkHttp in one JVM, then
 * says whether the JVM went back to where it was. Usage: {@code SoakApp <base-url> <jdk-streams>
 * <okhttp-streams> <warm-up-url>}: stream i is {@code <base-url><i>}; the first ones go through the JDK
 * client (even: {@code send} with {@code ofInputStream} on a thread of their own, odd: {@code sendAsync}
 * with {@code ofString}), the rest through OkHttp (even: {@code execute} on a thread of their own, odd:
 * {@code enqueue}). All are started before any ends (the upstream holds them).
 *
 * <p>Prints {@code BASELINE threads heap all-threads} after a warm-up (every way of reading, once) and a settle (pools
 * idle and empty, heap measured after GC); then each stream's result in the ClientOutput format
 * ({@code RESULT i}, {@code BYTES}, {@code ERROR}, {@code DONE i}); then {@code AFTER threads heap millis all-threads}
 * once the JVM settled again (or gave up after {@code soak.settleSeconds}, 30 s), with {@code THREAD+ name} for each thread not there
 * at the baseline; then the counters. With {@code -Dsoak.leak=true} it keeps every response it read, as a
 * leaking application (or guard) would: the negative control of the heap check.
 */
public final class SoakApp {
    private static final List<Object> LEAK = new ArrayList<>();

    private SoakApp() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int jdkStreams = Integer.parseInt(args[1]);
        int okStreams = Integer.parseInt(args[2]);
        String warmUp = args[3];
        ThreadPoolExecutor jdkPool = pool("jdk-client");
        ThreadPoolExecutor okPool = pool("okhttp-dispatcher");
        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(jdkPool).build();
        Dispatcher dispatcher = new Dispatcher(okPool);
        dispatcher.setMaxRequests(4096);
        dispatcher.setMaxRequestsPerHost(4096);
        OkHttpClient ok = new OkHttpClient.Builder().dispatcher(dispatcher).readTimeout(60, TimeUnit.SECONDS).build();

        for (int mode = 0; mode < 4; mode++) {
            Result r = new Result();
            read(jdk, ok, mode, warmUp, r);
            if (r.error != null) {
                throw new IllegalStateException("warm-up failed", r.error);
            }
        }
        settle(jdkPool, okPool, ok);
        List<String> baselineThreads = threadNames();
        int baselineCount = ownThreads();
        int baselineAll = ManagementFactory.getThreadMXBean().getThreadCount();
        long baselineHeap = usedHeapAfterGc();
        System.out.println("BASELINE " + baselineCount + " " + baselineHeap + " " + baselineAll);
        if (Boolean.getBoolean("soak.printThreads")) {
            System.out.println("THREADS " + baselineThreads);
        }

        int n = jdkStreams + okStreams;
        Result[] results = new Result[n];
        List<Thread> threads = new ArrayList<>();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Result r = results[i] = new Result();
            int mode = (i < jdkStreams ? 0 : 2) + (i % 2);
            String url = base + i;
            if (mode % 2 == 0) {
                Thread t = new Thread(() -> read(jdk, ok, mode, url, r), "soak-" + i);
                threads.add(t);
                t.start();
            } else {
                pending.add(readAsync(jdk, ok, mode, url, r));
            }
        }
        for (Thread t : threads) {
            t.join(120_000);
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
        for (int i = 0; i < n; i++) {
            System.out.println("RESULT " + i);
            if (results[i].bytes.length > 0) {
                System.out.println("BYTES " + Base64.getEncoder().encodeToString(results[i].bytes));
            }
            if (results[i].error != null) {
                Throwable e = results[i].error;
                while ((e instanceof java.util.concurrent.ExecutionException || e instanceof java.util.concurrent.CompletionException
                        || e instanceof java.io.UncheckedIOException) && e.getCause() != null) {
                    e = e.getCause();
                }
                System.out.println("ERROR " + e.getClass().getName() + " "
                        + Base64.getEncoder().encodeToString(String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8)));
            }
            System.out.println("DONE " + i);
        }
        System.out.flush();
        threads.clear();
        pending.clear();
        java.util.Arrays.fill(results, null);

        long start = System.nanoTime();
        int count;
        long heap;
        do {
            settle(jdkPool, okPool, ok);
            count = ownThreads();
            heap = usedHeapAfterGc();
            if (Boolean.getBoolean("soak.printThreads")) {
                System.out.println("THREADS " + threadNames());
            }
            if (count <= baselineCount && heap <= baselineHeap + Long.getLong("soak.heapTolerance", 1 << 20)) {
                break;
            }
            Thread.sleep(250);
        } while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(Long.getLong("soak.settleSeconds", 30)));
        System.out.println("AFTER " + count + " " + heap + " " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " "
                + ManagementFactory.getThreadMXBean().getThreadCount());
        List<String> now = threadNames();
        for (String name : baselineThreads) {
            now.remove(name);
        }
        for (String name : now) {
            System.out.println("THREAD+ " + name);
        }
        ClientOutput.counters();
        System.out.flush();
        jdkPool.shutdown();
        okPool.shutdown();
    }

    /** What the application read of one stream, and the error it got. */
    private static final class Result {
        volatile byte[] bytes = new byte[0];
        volatile Throwable error;
    }

    private static ThreadPoolExecutor pool(String name) {
        AtomicInteger ids = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 500, TimeUnit.MILLISECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static void leak(Object o) {
        if (Boolean.getBoolean("soak.leak")) {
            synchronized (LEAK) {
                LEAK.add(o);
            }
        }
    }

    private static HttpRequest jdkRequest(String url) throws IOException {
        return JdkClientApp.request(StreamRequest.parse(new String[] {url}, 0).get(0));
    }

    private static okhttp3.Request okRequest(String url) throws IOException {
        return OkHttpClientApp.request(StreamRequest.parse(new String[] {url}, 0).get(0));
    }

    /** Reads one stream on this thread: {@code send} + ofInputStream (mode 0), {@code execute} (mode 2), or waits for the others. */
    private static void read(HttpClient jdk, OkHttpClient ok, int mode, String url, Result r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (mode == 0) {
                InputStream in = jdk.send(jdkRequest(url), HttpResponse.BodyHandlers.ofInputStream()).body();
                leak(in);
                try (in) {
                    copy(in, out);
                }
            } else if (mode == 2) {
                try (Response response = ok.newCall(okRequest(url)).execute()) {
                    leak(response);
                    copy(response.body().byteStream(), out);
                }
            } else {
                readAsync(jdk, ok, mode, url, r).get(60, TimeUnit.SECONDS);
                return;
            }
        } catch (Throwable t) {
            r.error = t;
        }
        r.bytes = out.toByteArray();
    }

    /** Starts reading one stream: {@code sendAsync} + ofString (mode 1) or {@code enqueue} (mode 3). */
    private static CompletableFuture<Void> readAsync(HttpClient jdk, OkHttpClient ok, int mode, String url, Result r) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            if (mode == 1) {
                jdk.sendAsync(jdkRequest(url), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                    if (error != null) {
                        r.error = error;
                    } else {
                        leak(response);
                        r.bytes = response.body().getBytes(StandardCharsets.UTF_8);
                    }
                    done.complete(null);
                });
            } else {
                ok.newCall(okRequest(url)).enqueue(new Callback() {
                    @Override
                    public void onFailure(Call call, IOException e) {
                        r.error = e;
                        done.complete(null);
                    }

                    @Override
                    public void onResponse(Call call, Response response) {
                        leak(response);
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        try (Response res = response) {
                            copy(res.body().byteStream(), out);
                        } catch (Throwable t) {
                            r.error = t;
                        }
                        r.bytes = out.toByteArray();
                        done.complete(null);
                    }
                });
            }
        } catch (IOException e) {
            r.error = e;
            done.complete(null);
        }
        return done;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) throws IOException {
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
        }
    }

    /** Idle connections closed and both client pools back to no thread. */
    private static void settle(ThreadPoolExecutor jdkPool, ThreadPoolExecutor okPool, OkHttpClient ok) throws InterruptedException {
        ok.connectionPool().evictAll();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((jdkPool.getPoolSize() > 0 || okPool.getPoolSize() > 0) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    /**
     * Live threads, less the idle workers of the libraries' own process-wide pools, which outlive any run by
     * their fixed 60 s keep-alive and which no application can shut down: OkHttp's TaskRunner (connection-pool
     * cleanup), Okio's watchdog, and the JDK's common ForkJoinPool.
     */
    private static int ownThreads() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (!name.equals("OkHttp TaskRunner") && !name.equals("Okio Watchdog") && !name.startsWith("ForkJoinPool.commonPool-worker-")) {
                n++;
            }
        }
        return n;
    }

    /** The live threads' names (one entry per thread) and states. */
    private static List<String> threadNames() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.add(t.getName() + (t.isDaemon() ? " (daemon)" : ""));
        }
        java.util.Collections.sort(names);
        return names;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
