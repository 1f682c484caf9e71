package dev.streamguard.it.client;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/**
 * Reads streams through Apache HttpClient 5's classic client the way applications do, in one of three ways:
 * {@code stream} (an {@code HttpPost}, the entity's content as bytes), {@code lines} (lines from it) or
 * {@code open} (a request from {@code ClassicRequestBuilder}, which cannot be cancelled, through
 * {@code executeOpen}, as Spring's request factory does; bytes), with the client the
 * system properties configure (they make it trust the test upstream). Usage:
 * {@code ApacheClassicApp <stream|lines|open> <url[::request.json]>...}; with {@code -Dit.traceparent=...} each
 * request carries that W3C trace context, as a tracer would set it.
 */
public final class ApacheClassicApp {
    private ApacheClassicApp() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        try (CloseableHttpClient client = HttpClients.createSystem()) {
            ClientOutput.readEach(StreamRequest.parse(args, 1), r -> read(client, mode, r));
        }
    }

    private static void read(CloseableHttpClient client, String mode, StreamRequest r) throws Exception {
        ClassicRequestBuilder builder = ClassicRequestBuilder.post(r.url)
                .setHeader("Authorization", "Bearer " + ClientOutput.SECRET)
                .setHeader("Accept", "text/event-stream")
                .setEntity(new StringEntity(r.json, ContentType.APPLICATION_JSON));
        String traceparent = System.getProperty("it.traceparent");
        if (traceparent != null) {
            builder.setHeader("traceparent", traceparent);
        }
        if (mode.equals("open")) {
            // As Spring's HttpComponentsClientHttpRequestFactory does: a plain request, executeOpen, no target.
            try (ClassicHttpResponse response = client.executeOpen(null, builder.build(), null)) {
                ClientOutput.bytesOf(response.getEntity().getContent());
            }
            return;
        }
        HttpPost post = new HttpPost(r.url);
        post.setHeaders(builder.build().getHeaders());
        post.setEntity(new StringEntity(r.json, ContentType.APPLICATION_JSON));
        try (CloseableHttpResponse response = client.execute(post)) {
            switch (mode) {
                case "stream":
                    ClientOutput.bytesOf(response.getEntity().getContent());
                    return;
                case "lines":
                    ClientOutput.linesOf(response.getEntity().getContent());
                    return;
                default:
                    throw new IllegalArgumentException("unknown mode " + mode);
            }
        }
    }
}
