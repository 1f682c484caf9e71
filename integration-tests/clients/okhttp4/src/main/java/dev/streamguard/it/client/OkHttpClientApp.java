package dev.streamguard.it.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * Reads streams through OkHttp the way applications do: {@code execute} (synchronous), {@code enqueue}
 * (asynchronous callback) or {@code sse} (okhttp-sse EventSource). Compiled against OkHttp 4.12 and run on
 * 3.14, 4.12 and 5.x: every method it calls has the same JVM signature in the three.
 * Usage: {@code OkHttpClientApp <mode> <url[::request.json]>...}.
 */
public final class OkHttpClientApp {
    private static final MediaType JSON = MediaType.parse("application/json");

    private OkHttpClientApp() {
    }

    public static void main(String[] args) throws Exception {
        OkHttpClient client = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();
        List<StreamRequest> requests = StreamRequest.parse(args, 1);
        for (int i = 0; i < requests.size(); i++) {
            ClientOutput.begin(i);
            try {
                read(client, args[0], requests.get(i));
            } catch (Throwable t) {
                ClientOutput.error(t);
            }
            ClientOutput.end(i);
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        ClientOutput.counters();
    }

    @SuppressWarnings("deprecation")
    static Request request(StreamRequest r) {
        Request.Builder b = new Request.Builder().url(r.url).header("Authorization", "Bearer " + ClientOutput.SECRET)
                .post(RequestBody.create(JSON, r.json));
        if (Boolean.getBoolean("it.acceptGzip")) {
            // As openai-java does: OkHttp then leaves a gzip body encoded for the application to decode.
            b.header("Accept-Encoding", "gzip");
        }
        return b.build();
    }

    static void read(OkHttpClient client, String mode, StreamRequest r) throws Throwable {
        switch (mode) {
            case "execute":
                try (Response response = client.newCall(request(r)).execute()) {
                    ClientOutput.header("Content-Length", response.header("Content-Length"));
                    copy(response.body());
                }
                return;
            case "enqueue": {
                CompletableFuture<Void> done = new CompletableFuture<>();
                client.newCall(request(r)).enqueue(new Callback() {
                    @Override
                    public void onFailure(Call call, IOException e) {
                        done.completeExceptionally(e);
                    }

                    @Override
                    public void onResponse(Call call, Response response) {
                        try (Response res = response) {
                            copy(res.body());
                            done.complete(null);
                        } catch (Throwable t) {
                            done.completeExceptionally(t);
                        }
                    }
                });
                done.get(60, TimeUnit.SECONDS);
                return;
            }
            case "sse": {
                CompletableFuture<Void> done = new CompletableFuture<>();
                EventSource source = EventSources.createFactory(client).newEventSource(request(r), new EventSourceListener() {
                    @Override
                    public void onEvent(EventSource source, String id, String type, String data) {
                        ClientOutput.event(type, data);
                    }

                    @Override
                    public void onClosed(EventSource source) {
                        done.complete(null);
                    }

                    @Override
                    public void onFailure(EventSource source, Throwable t, Response response) {
                        done.completeExceptionally(t == null ? new IOException("failure without exception, HTTP "
                                + (response == null ? "-" : String.valueOf(response.code()))) : t);
                    }
                });
                try {
                    done.get(60, TimeUnit.SECONDS);
                } finally {
                    source.cancel();
                }
                return;
            }
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    static void copy(ResponseBody body) throws IOException {
        try (InputStream in = body.byteStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                ClientOutput.bytes(buf, 0, n);
            }
        }
    }
}
