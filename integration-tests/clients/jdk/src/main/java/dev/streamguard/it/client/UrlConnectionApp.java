package dev.streamguard.it.client;

import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * Reads streams through the JDK's {@code HttpURLConnection} the way hand-written SSE readers do, in one of two
 * ways: {@code stream} (checks the response code and content type first, then reads the body's bytes, taking
 * {@code getInputStream()} twice as some readers do) or {@code lines} (reads lines from {@code getInputStream()}
 * at once). Usage: {@code UrlConnectionApp <stream|lines> <url[::request.json]>...}; with
 * {@code -Dit.traceparent=...} each request carries that W3C trace context, as a tracer would set it.
 */
public final class UrlConnectionApp {
    private UrlConnectionApp() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        ClientOutput.readEach(StreamRequest.parse(args, 1), r -> read(mode, r));
    }

    private static void read(String mode, StreamRequest r) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) new URL(r.url).openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setRequestProperty("Authorization", "Bearer " + ClientOutput.SECRET);
        connection.setRequestProperty("Accept", "text/event-stream");
        String traceparent = System.getProperty("it.traceparent");
        if (traceparent != null) {
            connection.setRequestProperty("traceparent", traceparent);
        }
        try (OutputStream out = connection.getOutputStream()) {
            out.write(r.json.getBytes(StandardCharsets.UTF_8));
        }
        try {
            switch (mode) {
                case "stream": {
                    if (connection.getResponseCode() != 200 || connection.getContentType() == null) {
                        throw new IllegalStateException("response " + connection.getResponseCode());
                    }
                    connection.getInputStream();
                    ClientOutput.bytesOf(connection.getInputStream());
                    return;
                }
                case "lines":
                    ClientOutput.linesOf(connection.getInputStream());
                    return;
                default:
                    throw new IllegalArgumentException("unknown mode " + mode);
            }
        } finally {
            connection.disconnect();
        }
    }
}
