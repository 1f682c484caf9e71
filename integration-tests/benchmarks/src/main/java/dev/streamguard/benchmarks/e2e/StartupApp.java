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
 * The application of the start-up benchmark: creates the JDK HttpClient and an OkHttpClient and, when given a
 * URL, reads one short SSE stream through each (so that the agent's advice and guard are loaded too, as at
 * a service's first request). Prints its peak resident memory and CPU time, and exits.
 */
public final class StartupApp {
    private StartupApp() {
    }

    public static void main(String[] args) throws Exception {
        HttpClient jdk = HttpClient.newHttpClient();
        OkHttpClient okhttp = new OkHttpClient();
        long bytes = 0;
        if (args.length > 0) {
            String url = args[0];
            try (InputStream body = jdk.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream()).body()) {
                bytes = body.readAllBytes().length;
            }
            try (Response response = okhttp.newCall(new Request.Builder().url(url).build()).execute()) {
                bytes += response.body().bytes().length;
            }
        }
        System.out.println("BYTES " + bytes);
        System.out.println("PEAK_RSS_KIB " + Child.peakRssKiB());
        System.out.println("CPU_MS " + Child.cpuMillisFromProc());
        okhttp.dispatcher().executorService().shutdown();
        okhttp.connectionPool().evictAll();
        System.exit(0);
    }
}
