package dev.streamguard.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 upstream that sends each response body exactly as scripted, at the socket: in given
 * segments (each written and flushed on its own, with a pause after it, so that a client reads them as
 * separate chunks), with a fixed {@code Content-Length} or chunked, and optionally ending in a connection
 * reset (RST) instead of the rest of the body. One thread per connection; every response closes its
 * connection.
 */
final class RawUpstream implements AutoCloseable {
    /** How one response is sent. */
    static final class Script {
        final List<byte[]> segments = new ArrayList<>();
        /** The bytes the headers promise (fixed length); the segments may hold fewer when the script resets. */
        int contentLength = -1;
        boolean chunked;
        long pauseNanos;
        /** After the segments, reset the connection (RST) instead of ending the body. */
        boolean reset;
        /** Run after the first segment was sent, e.g. to wait until every stream of a soak has one open. */
        Runnable afterFirstSegment;

        /** The whole body in segments cut at {@code cuts} (offsets, increasing). */
        static Script cut(byte[] body, int... cuts) {
            Script s = new Script();
            int from = 0;
            for (int c : cuts) {
                if (c > from && c < body.length) {
                    s.segments.add(java.util.Arrays.copyOfRange(body, from, c));
                    from = c;
                }
            }
            s.segments.add(java.util.Arrays.copyOfRange(body, from, body.length));
            s.contentLength = body.length;
            return s;
        }

        /** One byte per segment, {@code pauseMillis} apart. */
        static Script drip(byte[] body, long pauseMillis) {
            Script s = new Script();
            for (byte b : body) {
                s.segments.add(new byte[] {b});
            }
            s.contentLength = body.length;
            s.pauseNanos = TimeUnit.MILLISECONDS.toNanos(pauseMillis);
            return s;
        }

        /** The first {@code sent} bytes of {@code body}, then a reset; the headers promise the whole body. */
        static Script resetAfter(byte[] body, int sent) {
            Script s = new Script();
            s.segments.add(java.util.Arrays.copyOf(body, sent));
            s.contentLength = body.length;
            s.reset = true;
            return s;
        }

        Script chunked() {
            chunked = true;
            return this;
        }

        Script pause(long millis) {
            pauseNanos = TimeUnit.MILLISECONDS.toNanos(millis);
            return this;
        }
    }

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "raw-upstream");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    RawUpstream() throws IOException {
        server = new ServerSocket(0, 1024, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::accept, "raw-upstream-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Registers a script; returns the URL that serves it. */
    String serve(Script script) {
        return serve("/s/" + ids.incrementAndGet(), script);
    }

    /** Registers a script at a path of the caller's choosing; returns its URL. */
    String serve(String path, Script script) {
        scripts.put(path, script);
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** The most connections that were open at once. */
    int maxOpen() {
        return maxOpen.get();
    }

    /** Problems on the server side (a request it could not read, a script it could not find). */
    List<String> errors() {
        return errors;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.execute(() -> handle(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket socket) {
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
        boolean sent = false;
        try (Socket s = socket) {
            s.setTcpNoDelay(true);
            String path = readRequest(s.getInputStream());
            Script script = path == null ? null : scripts.get(path);
            OutputStream out = s.getOutputStream();
            if (script == null) {
                errors.add("no script for " + path);
                out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n");
            head.append(script.chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + script.contentLength + "\r\n");
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < script.segments.size(); i++) {
                byte[] segment = script.segments.get(i);
                if (script.chunked) {
                    out.write((Integer.toHexString(segment.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(segment);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write(segment);
                }
                out.flush();
                if (i == 0 && script.afterFirstSegment != null) {
                    script.afterFirstSegment.run();
                }
                if (script.pauseNanos > 0) {
                    pause(script.pauseNanos);
                }
            }
            if (script.reset) {
                // Give the client time to read what was sent, then reset the connection.
                pause(TimeUnit.MILLISECONDS.toNanos(300));
                s.setSoLinger(true, 0);
                sent = true;
                return;
            }
            if (script.chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            sent = true;
            s.shutdownOutput();
            // Wait for the client to close, so that our close sends no reset.
            s.setSoTimeout(10_000);
            while (s.getInputStream().read() >= 0) {
                // drain
            }
        } catch (IOException | RuntimeException e) {
            // After the whole response was sent, the client may close or reset as it likes.
            if (!sent) {
                errors.add(e.toString());
            }
        } finally {
            open.decrementAndGet();
        }
    }

    private static void pause(long nanos) {
        long end = System.nanoTime() + nanos;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reads the request head and its body (Content-Length); returns the path without the query. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : c == '\r' ? 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int length = 0;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        String target = lines[0].split(" ")[1];
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
