package dev.streamguard.benchmarks.e2e;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The application of the concurrency benchmark: rounds of N concurrent streams of a 600-token text
 * completion, half through the JDK HttpClient and half through OkHttp (or all through one of them), one
 * thread each. Every body must be the upstream's bytes exactly. As many rounds as are measured warm up
 * first: until then the JIT is still compiling (and, as both clients' paths meet in the guard,
 * recompiling) the hot code, a one-time cost of a second or two of CPU that would otherwise be counted per
 * stream. The measured rounds start 4 s after the start at the earliest ({@link Child#waitPastAgentStart}).
 * Prints the streams that arrived intact, the wall time of the measured rounds and the process CPU
 * time they took.
 * Usage: {@code ConcurrencyApp <url> <streams> <rounds> [both|jdk|okhttp]}.
 */
public final class ConcurrencyApp {
    private ConcurrencyApp() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int streams = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String clients = args.length > 3 ? args[3] : "both";
        HttpClient jdk = HttpClient.newHttpClient();
        OkHttpClient okhttp = new OkHttpClient();
        AtomicInteger intact = new AtomicInteger();
        long start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            round(jdk, okhttp, url, streams, clients, new AtomicInteger());
        }
        Child.waitPastAgentStart(start);
        long cpuBefore = Child.processCpuNanos();
        long measuredStart = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            round(jdk, okhttp, url, streams, clients, intact);
        }
        long wall = System.nanoTime() - measuredStart;
        System.out.println("INTACT " + intact.get());
        System.out.println("WALL_NS " + wall);
        System.out.println("CPU_NS " + (Child.processCpuNanos() - cpuBefore));
        System.exit(0);
    }

    private static void round(HttpClient jdk, OkHttpClient okhttp, String url, int streams, String clients, AtomicInteger intact)
            throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            boolean viaJdk = clients.equals("jdk") || (clients.equals("both") && i % 2 == 0);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    byte[] body;
                    if (viaJdk) {
                        try (InputStream in = jdk.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream()).body()) {
                            body = in.readAllBytes();
                        }
                    } else {
                        try (Response response = okhttp.newCall(new Request.Builder().url(url).build()).execute()) {
                            body = response.body().bytes();
                        }
                    }
                    if (Arrays.equals(body, LoopbackUpstream.TEXT)) {
                        intact.incrementAndGet();
                    }
                } catch (Exception e) {
                    System.err.println(e);
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
    }
}
