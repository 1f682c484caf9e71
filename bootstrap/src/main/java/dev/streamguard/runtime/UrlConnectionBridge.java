package dev.streamguard.runtime;

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
 * {@code getInputStream()}: the stream to return, which that code also keeps as the connection's input
 * stream, so that every later {@code getInputStream()} (the application's, or the connection's own for
 * {@code getHeaderField} and {@code getResponseCode}) returns the same guard. Never throws: on any failure the
 * body goes on unguarded.
 */
public final class UrlConnectionBridge {
    static final String CLIENT = "httpurlconnection";
    /**
     * What getInputStream returns once the response is read: the connection wraps its socket's stream in this
     * last. The connection also calls itself (getResponseCode) while it reads the response, and returns the bare
     * socket stream from those calls: guarding that one would put the guard under its own wrapper.
     */
    private static final String RESPONSE_STREAM = "sun.net.www.protocol.http.HttpURLConnection$HttpInputStream";
    /** Set while a response is being looked at: the header lookups call getInputStream again on this thread. */
    private static final ThreadLocal<Boolean> DECIDING = new ThreadLocal<>();
    private static volatile Method closeServer;
    /** The request body buffers by connection; a buffer holds no reference back to its connection. */
    private static final Map<Object, ByteArrayOutputStream> REQUEST_BODIES = Collections.synchronizedMap(new WeakHashMap<>());

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
        if (body == null || !body.getClass().getName().equals(RESPONSE_STREAM) || !(connection instanceof HttpURLConnection)
                || StreamGuardRuntime.config() == null || DECIDING.get() != null) {
            return body;
        }
        DECIDING.set(Boolean.TRUE);
        try {
            HttpURLConnection response = (HttpURLConnection) connection;
            String url = response.getURL().toString();
            if (!GuardedStreams.isGuarded(response.getContentType(), url)
                    || !GuardedStreams.isReadable(CLIENT, url, response.getContentEncoding())) {
                return body;
            }
            return GuardedStreams.guard((InputStream) body, CLIENT, url, requestJson(REQUEST_BODIES.remove(connection)), null,
                    () -> closeSocket(client, response));
        } catch (Throwable t) {
            StreamGuardRuntime.internalError(CLIENT + " getInputStream", t);
            return body;
        } finally {
            DECIDING.remove();
        }
    }

    /**
     * How a read blocked on a silent upstream is stopped: the socket is closed under it. Closing the stream
     * would wait for the blocked read (the connection's streams close under the reading thread's lock), and so
     * would {@code disconnect()}, which closes the stream first; it is the fallback when the socket cannot be had.
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
            connection.disconnect();
        }
    }

    private static byte[] requestJson(ByteArrayOutputStream buffered) {
        return buffered != null && GuardedStreams.fitsRequestCopy(buffered.size()) ? buffered.toByteArray() : null;
    }
}
