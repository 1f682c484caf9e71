package dev.streamguard.it.client;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * A running service for the attach test: reads every stream through the JDK HttpClient (ofString) and
 * OkHttp (execute), says {@code READY}, waits for a line on standard input (the test attaches the agent
 * meanwhile), then reads them all again with the same clients. Results are numbered: first round
 * JDK 0..n-1 and OkHttp n..2n-1; second round JDK 2n..3n-1 and OkHttp 3n..4n-1.
 */
public final class AttachTargetApp {
    private AttachTargetApp() {
    }

    public static void main(String[] args) throws Exception {
        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        OkHttpClient okhttp = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();
        List<StreamRequest> requests = StreamRequest.parse(args, 0);
        round(jdk, okhttp, requests, 0);
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        round(jdk, okhttp, requests, 2 * requests.size());
        okhttp.dispatcher().executorService().shutdown();
        okhttp.connectionPool().evictAll();
    }

    private static void round(HttpClient jdk, OkHttpClient okhttp, List<StreamRequest> requests, int first) {
        int n = requests.size();
        for (int i = 0; i < n; i++) {
            ClientOutput.begin(first + i);
            try {
                JdkClientApp.read(jdk, "ofString", requests.get(i));
            } catch (Throwable t) {
                ClientOutput.error(t);
            }
            ClientOutput.end(first + i);
        }
        for (int i = 0; i < n; i++) {
            ClientOutput.begin(first + n + i);
            try {
                OkHttpClientApp.read(okhttp, "execute", requests.get(i));
            } catch (Throwable t) {
                ClientOutput.error(t);
            }
            ClientOutput.end(first + n + i);
        }
    }
}
