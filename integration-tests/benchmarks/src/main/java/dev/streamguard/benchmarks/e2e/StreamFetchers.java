package dev.streamguard.benchmarks.e2e;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import reactor.netty.resources.ConnectionProvider;

/**
 * One way to read a whole stream per instrumented HTTP stack, each the plain way an application reads a body
 * (one blocking call per stream, as the benchmark runs one thread per stream), with pools large enough that
 * every stream of a round has its own connection.
 */
final class StreamFetchers {
    /** Reads the body at a URL, whole. */
    interface Fetcher {
        byte[] fetch(String url) throws Exception;
    }

    static final List<String> NAMES = List.of("jdk", "okhttp", "urlconnection", "apache", "apache-async", "reactor-netty", "vertx");
    private static final int POOL = 1024;

    private StreamFetchers() {
    }

    /** The fetcher of each name, built once per JVM. */
    static Fetcher create(String name) {
        switch (name) {
            case "jdk": {
                HttpClient client = HttpClient.newHttpClient();
                return url -> {
                    try (InputStream in = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream()).body()) {
                        return in.readAllBytes();
                    }
                };
            }
            case "okhttp": {
                OkHttpClient client = new OkHttpClient();
                return url -> {
                    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
                        return response.body().bytes();
                    }
                };
            }
            case "urlconnection":
                return url -> {
                    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
                    try (InputStream in = connection.getInputStream()) {
                        return in.readAllBytes();
                    }
                };
            case "apache": {
                CloseableHttpClient client = HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(POOL).setMaxConnPerRoute(POOL).build()).build();
                return url -> client.execute(new HttpGet(url), response -> EntityUtils.toByteArray(response.getEntity()));
            }
            case "apache-async": {
                CloseableHttpAsyncClient client = HttpAsyncClients.custom().setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(POOL).setMaxConnPerRoute(POOL).build()).build();
                client.start();
                return url -> client.execute(SimpleRequestBuilder.get(url).build(), null).get(60, TimeUnit.SECONDS).getBodyBytes();
            }
            case "reactor-netty": {
                reactor.netty.http.client.HttpClient client = reactor.netty.http.client.HttpClient.create(
                        ConnectionProvider.builder("benchmark").maxConnections(POOL).pendingAcquireMaxCount(-1).build());
                return url -> client.get().uri(url).responseContent().aggregate().asByteArray().block();
            }
            case "vertx": {
                io.vertx.core.http.HttpClient client = Vertx.vertx().createHttpClient(new HttpClientOptions().setMaxPoolSize(POOL));
                return url -> client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
                        .compose(request -> request.send().compose(HttpClientResponse::body))
                        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).getBytes();
            }
            default:
                throw new IllegalArgumentException("no HTTP stack " + name + "; one of " + NAMES);
        }
    }
}
