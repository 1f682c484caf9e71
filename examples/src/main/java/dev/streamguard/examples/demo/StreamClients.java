package dev.streamguard.examples.demo;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The two HTTP clients, used the way streaming LLM clients use them: POST the JSON request, then read the
 * response body line by line as it arrives (the JDK HttpClient through {@code BodyHandlers.ofInputStream()} and
 * a {@code BufferedReader}, as LangChain4j's JDK client does; OkHttp through {@code body().source().readUtf8Line()},
 * as okhttp-sse does). Nothing here knows about StreamGuard.
 */
final class StreamClients {
    private static final String API_KEY = "sk-demo-not-a-real-key";

    private StreamClients() {
    }

    /** The lines of one streaming response. */
    interface Lines extends Closeable {
        /** The next line without its terminator, or null at the end of the body. */
        String readLine() throws IOException;
    }

    /** One HTTP client library. */
    interface Client {
        String name();

        Lines post(String url, String json) throws IOException;
    }

    static final class Jdk implements Client {
        private final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        @Override
        public String name() {
            return "jdk";
        }

        @Override
        public Lines post(String url, String json) throws IOException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build();
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            InputStream body = response.body();
            if (response.statusCode() != 200) {
                body.close();
                throw new IOException("HTTP " + response.statusCode());
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            return new Lines() {
                @Override
                public String readLine() throws IOException {
                    return reader.readLine();
                }

                @Override
                public void close() throws IOException {
                    reader.close();
                }
            };
        }
    }

    static final class OkHttp implements Client {
        private static final MediaType JSON = MediaType.get("application/json");
        private final OkHttpClient http = new OkHttpClient.Builder()
                .readTimeout(10, TimeUnit.SECONDS)
                .build();

        @Override
        public String name() {
            return "okhttp";
        }

        @Override
        public Lines post(String url, String json) throws IOException {
            Request request = new Request.Builder().url(url)
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + API_KEY)
                    .post(RequestBody.create(json, JSON))
                    .build();
            Response response = http.newCall(request).execute();
            ResponseBody body = response.body();
            if (!response.isSuccessful() || body == null) {
                response.close();
                throw new IOException("HTTP " + response.code());
            }
            BufferedSource source = body.source();
            return new Lines() {
                @Override
                public String readLine() throws IOException {
                    return source.readUtf8Line();
                }

                @Override
                public void close() {
                    response.close();
                }
            };
        }

        void shutdown() {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
