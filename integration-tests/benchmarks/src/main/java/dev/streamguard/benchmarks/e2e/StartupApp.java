package dev.streamguard.benchmarks.e2e;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The application of the start-up benchmark. With {@code jdk}: creates a JDK HttpClient and prints its version,
 * nothing more. With {@code both}: creates the JDK HttpClient and an OkHttpClient and, when given a URL, reads one
 * short SSE stream through each (so that the agent's advice and guard are loaded too, as at a service's first
 * request). Prints its peak resident memory and CPU time, and exits.
 * Usage: {@code StartupApp jdk} or {@code StartupApp both [url]}.
 */
public final class StartupApp {
    private StartupApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("jdk")) {
            System.out.println("VERSION " + HttpClient.newHttpClient().version());
            System.out.println("BYTES 0");
            printResources();
            System.exit(0);
        }
        HttpClient jdk = HttpClient.newHttpClient();
        OkHttpClient okhttp = new OkHttpClient();
        long bytes = 0;
        if (args.length > 1) {
            String url = args[1];
            try (InputStream body = jdk.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream()).body()) {
                bytes = body.readAllBytes().length;
            }
            try (Response response = okhttp.newCall(new Request.Builder().url(url).build()).execute()) {
                bytes += response.body().bytes().length;
            }
        }
        System.out.println("BYTES " + bytes);
        printResources();
        okhttp.dispatcher().executorService().shutdown();
        okhttp.connectionPool().evictAll();
        System.exit(0);
    }

    private static void printResources() throws java.io.IOException {
        System.out.println("PEAK_RSS_KIB " + Child.memoryKiB("VmHWM"));
        // What the RSS is made of at the end: the heap and the JVM's own memory, or files mapped and read.
        System.out.println("RSS_ANON_KIB " + Child.memoryKiB("RssAnon"));
        System.out.println("RSS_FILE_KIB " + Child.memoryKiB("RssFile"));
        Runtime runtime = Runtime.getRuntime();
        System.out.println("HEAP_USED_KIB " + (runtime.totalMemory() - runtime.freeMemory()) / 1024);
        System.out.println("CPU_MS " + Child.cpuMillisFromProc());
    }
}
