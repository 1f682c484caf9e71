package dev.streamguard.runtime;

import dev.streamguard.config.GuardConfig;
import dev.streamguard.core.BufferedUpstream;
import dev.streamguard.core.ChunkGuard;
import dev.streamguard.core.GuardEngine;
import dev.streamguard.core.GuardedInputStream;
import dev.streamguard.core.StreamContext;
import dev.streamguard.core.TraceParent;
import java.io.InputStream;
import java.util.function.BooleanSupplier;

/**
 * Decides whether a response is guarded and builds its guard: only {@code text/event-stream}, only URLs the
 * configuration includes, and never a body whose encoding the guard cannot read (that one is reported).
 */
public final class GuardedStreams {
    static final int MAX_REQUEST_BYTES = 1 << 20;
    private static final String EVENT_STREAM = "text/event-stream";
    private static final String JSON = "json";

    private GuardedStreams() {
    }

    /**
     * Whether a request body of this length and type is worth a copy for the guard: JSON of at most 1 MiB, where
     * the guard finds what the request asked for (streaming, the model, the tools' schemas).
     */
    public static boolean wantsRequestBody(long contentLength, String contentType) {
        return fitsRequestCopy(contentLength) && contentType != null && mentionsJson(contentType);
    }

    /** Whether the content type says "json" anywhere, in any case: asked of every request with a body on some clients. */
    private static boolean mentionsJson(String contentType) {
        for (int at = 0; at <= contentType.length() - JSON.length(); at++) {
            if (holdsAt(contentType, at, JSON)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a request body of this length is small enough for the guard's copy, whatever its type says. */
    static boolean fitsRequestCopy(long contentLength) {
        return contentLength > 0 && contentLength <= MAX_REQUEST_BYTES;
    }

    /** Whether a response with this content type and URL is an event stream the configuration guards. */
    public static boolean isGuarded(String contentType, String url) {
        GuardConfig config = StreamGuardRuntime.config();
        return config != null && isEventStream(contentType) && config.guards(url);
    }

    /**
     * Whether a guarded response can be read: a {@code Content-Encoding} other than identity cannot, and is
     * reported as left unguarded.
     */
    public static boolean isReadable(String client, String url, String contentEncoding) {
        if (contentEncoding == null || contentEncoding.trim().isEmpty() || contentEncoding.trim().equalsIgnoreCase("identity")) {
            return true;
        }
        StreamGuardRuntime.unguarded(client, url, "Content-Encoding " + contentEncoding.trim());
        return false;
    }

    /**
     * Whether the content type is {@code text/event-stream}, whatever its case and parameters. Asked of every
     * response of every client: it compares in place, without a copy of the header.
     */
    public static boolean isEventStream(String contentType) {
        if (contentType == null) {
            return false;
        }
        int start = 0;
        int end = contentType.length();
        while (start < end && contentType.charAt(start) <= ' ') {
            start++;
        }
        if (end - start < EVENT_STREAM.length() || !holdsAt(contentType, start, EVENT_STREAM)) {
            return false;
        }
        for (int i = start + EVENT_STREAM.length(); i < end; i++) {
            char c = contentType.charAt(i);
            if (c == ';') {
                return true;
            }
            if (c > ' ') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code s} holds {@code lower} (lower-case ASCII) at {@code at}, in any case, compared in place. ASCII case
     * only: String.regionMatches would also take, say, the long s (U+017F) for an s.
     */
    private static boolean holdsAt(String s, int at, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            char c = s.charAt(at + i);
            char l = lower.charAt(i);
            if (c != l && !(c >= 'A' && c <= 'Z' && (char) (c + ('a' - 'A')) == l)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The pull guard over {@code body}, or {@code body} itself if the guard cannot be built. {@code traceparent}:
     * the request's W3C trace context header as sent, or null; {@code interrupter}: how to stop a read blocked on
     * a silent upstream, or null.
     */
    public static InputStream guard(InputStream body, String client, String url, byte[] requestJson, String traceparent,
                                    Runnable interrupter) {
        return guard(body, null, client, url, requestJson, traceparent, interrupter);
    }

    /** As {@link #guard(InputStream, String, String, byte[], String, Runnable)}, reading {@code buffered}'s bytes in place. */
    public static InputStream guard(InputStream body, BufferedUpstream buffered, String client, String url, byte[] requestJson,
                                    String traceparent, Runnable interrupter) {
        try {
            GuardConfig config = StreamGuardRuntime.config();
            if (config == null) {
                return body;
            }
            StreamContext context = new StreamContext(url, client, requestJson, TraceParent.parse(traceparent), () -> false,
                    StreamGuardRuntime.listener());
            return new GuardedInputStream(body, buffered, new GuardEngine(config, context), interrupter);
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(client + " guard", t);
            return body;
        }
    }

    /**
     * The push guard for a response, or null if the guard cannot be built. {@code traceparent} as for
     * {@link #guard}; {@code reactiveReader}: the body
     * goes on to a reactive framework (Reactor Netty's inbound, the JDK HttpClient's body publisher), as
     * {@link dev.streamguard.core.StreamContext#reactiveReader()} says.
     */
    public static ChunkGuard chunkGuard(String client, String url, byte[] requestJson, String traceparent, BooleanSupplier reactiveReader) {
        try {
            GuardConfig config = StreamGuardRuntime.config();
            if (config == null) {
                return null;
            }
            StreamContext context = new StreamContext(url, client, requestJson, TraceParent.parse(traceparent), reactiveReader,
                    StreamGuardRuntime.listener());
            return new ChunkGuard(new GuardEngine(config, context));
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(client + " guard", t);
            return null;
        }
    }

    /** For instrumentation code outside the boot class path: an internal failure, reported and survived. */
    public static void internalError(String where, Throwable error) {
        StreamGuardRuntime.internalError(where, error);
    }
}
