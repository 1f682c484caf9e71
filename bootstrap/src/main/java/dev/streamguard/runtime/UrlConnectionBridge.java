package dev.streamguard.runtime;

import dev.streamguard.core.DaemonThreads;
import dev.streamguard.core.GuardedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.HttpURLConnection;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Called from code added to the JDK's {@code sun.net.www.protocol.http.HttpURLConnection} (HTTP, and HTTPS
 * through its delegate). At each return of {@code getOutputStream()}: the buffer the request body is written
 * into is kept, weakly by connection, for the guard to read the request's facts from. At each return of
 * {@code getInputStream0()}, behind {@code getInputStream()} and under the connection's lock: the stream to
 * return, which that code also keeps as the connection's input stream, so that every later
 * {@code getInputStream()} (the application's, or the connection's own for {@code getHeaderField} and
 * {@code getResponseCode}) returns the same guard. Never throws: on any failure the body goes on unguarded.
 */
public final class UrlConnectionBridge {
    static final String CLIENT = "httpurlconnection";
    /**
     * What getInputStream returns once the response is read: the connection wraps its socket's stream in this
     * last. The connection also calls itself (getResponseCode) while it reads the response, and returns the bare
     * socket stream from those calls: guarding that one would put the guard under its own wrapper.
     */
    private static final String RESPONSE_STREAM = "sun.net.www.protocol.http.HttpURLConnection$HttpInputStream";
    private static volatile Method closeServer;
    /** The request body buffers by connection, until its response is decided; a buffer holds no reference back to its connection. */
    private static final Map<Object, ByteArrayOutputStream> REQUEST_BODIES = Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * The connections whose response was decided on, guarded or not: it is decided once, by whichever thread
     * gets there first, and never again partway through its body (after a mode switch, say); nor while it is
     * being decided, as the header lookups call getInputStream again.
     */
    private static final Map<Object, Boolean> DECIDED = Collections.synchronizedMap(new WeakHashMap<>());

    private UrlConnectionBridge() {
    }

    /**
     * {@code body}: what getOutputStream returns, a {@code PosterOutputStream} (a ByteArrayOutputStream) when the
     * connection buffers the request body; a body the application streams (a streaming mode) is not kept.
     */
    public static void requestBody(Object body, Object connection) {
        try {
            if (body instanceof ByteArrayOutputStream && StreamGuardRuntime.config() != null) {
                REQUEST_BODIES.put(connection, (ByteArrayOutputStream) body);
            }
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(CLIENT + " getOutputStream", t);
        }
    }

    /**
     * {@code body}: what getInputStream returns; {@code connection}: the connection; {@code client}: its
     * {@code sun.net.www.http.HttpClient}, which holds the socket.
     */
    public static Object guard(Object body, Object connection, Object client) {
        if (body == null || !body.getClass().getName().equals(RESPONSE_STREAM) || !(connection instanceof HttpURLConnection)) {
            return body;
        }
        try {
            ByteArrayOutputStream requestBody = REQUEST_BODIES.remove(connection);
            if (DECIDED.put(connection, Boolean.TRUE) != null || StreamGuardRuntime.config() == null) {
                return body;
            }
            HttpURLConnection response = (HttpURLConnection) connection;
            String url = response.getURL().toString();
            if (!GuardedStreams.isGuarded(response.getContentType(), url)
                    || !GuardedStreams.isReadable(CLIENT, url, response.getContentEncoding())) {
                return body;
            }
            // This implementation still answers for a request header after the request was sent.
            String traceparent = response.getRequestProperty("traceparent");
            return GuardedStreams.guard((InputStream) body, CLIENT, url, requestJson(requestBody), traceparent,
                    () -> closeSocket(client, response));
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(CLIENT + " getInputStream", t);
            return body;
        }
    }

    /**
     * What the connection keeps as its input stream after {@code getInputStream()} returned {@code returned}:
     * the guard, or else what it kept before (on the response-cache path the returned stream is not the
     * connection's own, and must not become it).
     */
    public static Object kept(Object returned, Object before) {
        return returned instanceof GuardedInputStream ? returned : before;
    }

    /**
     * How a read blocked on a silent upstream is stopped: the socket is closed under it. Closing the stream
     * would wait for the blocked read (the connection's streams close under the reading thread's lock), and so
     * would {@code disconnect()}, which closes the stream first: the fallback when the socket cannot be had,
     * on a thread of its own, since this runs on the watchdog's one thread that every stream's clocks share.
     */
    private static void closeSocket(Object client, HttpURLConnection connection) {
        try {
            Method close = closeServer;
            if (close == null) {
                close = Class.forName("sun.net.www.http.HttpClient", false, null).getMethod("closeServer");
                closeServer = close;
            }
            close.invoke(client);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            DaemonThreads.create("streamguard-disconnect", connection::disconnect).start();
        }
    }

    private static byte[] requestJson(ByteArrayOutputStream buffered) {
        return buffered != null && GuardedStreams.fitsRequestCopy(buffered.size()) ? buffered.toByteArray() : null;
    }
}
