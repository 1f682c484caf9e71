package dev.streamguard.it.client;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * What an integration-test client prints for each stream it read, one line per item, so that the test can
 * compare exactly what the application saw: {@code RESULT i}; then {@code BYTES b64} with everything it
 * read (or {@code SHA256 length hex} when that is over 64 KiB); {@code EVENT b64(type) b64(data)} for each
 * event an SSE listener got (a large data as {@code sha256:hex}); {@code HEADER b64(name) b64(value)} for a
 * response header the client noted; {@code ERROR class b64(message)}; {@code MILLIS n}, how long the stream
 * took from its request to its end; and {@code DONE i}.
 */
public final class ClientOutput {
    /** Sent as the API key on every request: it must never appear in anything the agent writes. */
    public static final String SECRET = "sk-it-SECRET-7f3a9c";

    private static final PrintStream OUT = System.out;
    private static final int INLINE = 64 * 1024;
    private static final ByteArrayOutputStream READ = new ByteArrayOutputStream();
    private static long started;

    private ClientOutput() {
    }

    public static synchronized void begin(int index) {
        started = System.nanoTime();
        READ.reset();
        OUT.println("RESULT " + index);
    }

    public static synchronized void bytes(byte[] b, int off, int len) {
        READ.write(b, off, len);
    }

    public static void text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        bytes(b, 0, b.length);
    }

    /** Reads {@code body} to its end as bytes, as they come, and closes it. */
    public static void bytesOf(InputStream body) throws IOException {
        try (InputStream in = body) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                bytes(buf, 0, n);
            }
        }
    }

    /** Reads {@code body} to its end as UTF-8 lines, each noted with its LF, and closes it. */
    public static void linesOf(InputStream body) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                text(line + "\n");
            }
        }
    }

    /** One stream's reading, for {@link #readEach}. */
    public interface Reading {
        void read(StreamRequest request) throws Exception;
    }

    /** Reads each request in turn, noting its result (what it read, or what it threw), then the counters. */
    public static void readEach(List<StreamRequest> requests, Reading reading) throws Exception {
        for (int i = 0; i < requests.size(); i++) {
            begin(i);
            try {
                reading.read(requests.get(i));
            } catch (Throwable t) {
                error(t);
            }
            end(i);
        }
        counters();
    }

    /** An event; data over 4 KiB is printed as {@code sha256:hex} of its UTF-8 bytes. */
    public static synchronized void event(String type, String data) {
        byte[] d = data.getBytes(StandardCharsets.UTF_8);
        OUT.println("EVENT " + b64(type == null ? "" : type) + " "
                + (d.length > 4096 ? "sha256:" + sha256(d) : Base64.getEncoder().encodeToString(d)));
    }

    /** A response header as the application sees it ({@code null}: absent). */
    public static synchronized void header(String name, String value) {
        OUT.println("HEADER " + b64(name) + " " + (value == null ? "-" : b64(value)));
    }

    /** The exception the application got; wrapping layers (ExecutionException, UncheckedIOException) peeled. */
    public static synchronized void error(Throwable t) {
        Throwable e = t;
        while ((e instanceof java.util.concurrent.ExecutionException || e instanceof java.io.UncheckedIOException
                || e instanceof java.util.concurrent.CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        OUT.println("ERROR " + e.getClass().getName() + " " + b64(String.valueOf(e.getMessage())));
    }

    public static synchronized void end(int index) {
        byte[] read = READ.toByteArray();
        if (read.length > INLINE) {
            OUT.println("SHA256 " + read.length + " " + sha256(read));
        } else if (read.length > 0) {
            OUT.println("BYTES " + Base64.getEncoder().encodeToString(read));
        }
        OUT.println("MILLIS " + (System.nanoTime() - started) / 1_000_000);
        OUT.println("DONE " + index);
        OUT.flush();
    }

    /**
     * With {@code -Dit.printCounters=true}: StreamGuard's JMX counters as this JVM sees them,
     * {@code COUNTER name value}, read from the platform MBean server.
     */
    public static void counters() throws Exception {
        if (!Boolean.getBoolean("it.printCounters")) {
            return;
        }
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName guard = new javax.management.ObjectName("dev.streamguard:type=StreamGuard");
        // The agent registers its MBean shortly after someone has made the platform MBean server (here, this).
        for (long deadline = System.nanoTime() + 5_000_000_000L; !server.isRegistered(guard) && System.nanoTime() < deadline; ) {
            Thread.sleep(20);
        }
        for (javax.management.MBeanAttributeInfo a : server.getMBeanInfo(guard).getAttributes()) {
            Object v = server.getAttribute(guard, a.getName());
            if (v instanceof Long || v instanceof String) {
                OUT.println("COUNTER " + a.getName() + " " + v);
            }
        }
        OUT.flush();
    }

    public static String sha256(byte[] b) {
        try {
            StringBuilder sb = new StringBuilder();
            for (byte x : MessageDigest.getInstance("SHA-256").digest(b)) {
                sb.append(String.format("%02x", x));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
