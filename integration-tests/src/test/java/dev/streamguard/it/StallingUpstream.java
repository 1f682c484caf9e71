package dev.streamguard.it;

import com.sun.net.httpserver.HttpServer;
import dev.streamguard.testing.Fixture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A proxy that stops forwarding mid-stream but keeps the connection open: {@code /<fixture>} sends the
 * fixture's first event, then nothing, until {@link #close()}.
 */
final class StallingUpstream implements AutoCloseable {
    private final HttpServer server;
    private final CountDownLatch released = new CountDownLatch(1);

    StallingUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String input = Fixture.load(exchange.getRequestURI().getPath().substring(1)).input;
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(input.substring(0, input.indexOf("\n\n") + 2).getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stalling-upstream");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url(String fixture) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + fixture;
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
