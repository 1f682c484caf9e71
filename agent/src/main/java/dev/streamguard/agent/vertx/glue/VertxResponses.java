package dev.streamguard.agent.vertx.glue;

import dev.streamguard.core.ChunkGuard;
import dev.streamguard.runtime.GuardedStreams;
import dev.streamguard.runtime.VertxBridge;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The glue's entry for one copy of Vert.x: a request's whole JSON body is kept until its response is made;
 * each response is decided on then, and a guarded one is remembered (weakly) with its {@link GuardedResponse}
 * until it is collected.
 */
public final class VertxResponses implements VertxBridge.Responses {
    private final Map<Object, GuardedResponse> guarded = Collections.synchronizedMap(new WeakHashMap<>());
    /** Whether any response was guarded yet: until one is, a chunk costs no lookup. */
    private volatile boolean anyGuarded;
    /** The JSON bodies requests were sent with, until their response is made (or they are collected). */
    private final Map<Object, byte[]> requestBodies = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile ResponseMethods methods;

    @Override
    public void created(Object r) {
        HttpClientResponse response = (HttpClientResponse) r;
        byte[] requestJson = requestBodies.remove(response.request());
        String type = response.getHeader("Content-Type");
        if (!GuardedStreams.isEventStream(type)) {
            // Before the URL is built: every response of the client comes here.
            return;
        }
        HttpClientRequest request = response.request();
        String url = request.absoluteURI();
        if (!VertxBridge.shouldGuard(type, response.getHeader("Content-Encoding"), url)) {
            return;
        }
        Context context = Vertx.currentContext();
        ResponseMethods m = methods(r.getClass());
        if (context == null || m == null) {
            return;
        }
        ChunkGuard guard = VertxBridge.guard(url, requestJson, request.headers().get("traceparent"));
        if (guard == null) {
            return;
        }
        // The guard may change the body's length: the response states none, as for a chunked body.
        response.headers().remove("Content-Length");
        guarded.put(r, new GuardedResponse(response, guard, context, m));
        anyGuarded = true;
    }

    private ResponseMethods methods(Class<?> responseClass) {
        ResponseMethods m = methods;
        if (m == null || m.responseClass != responseClass) {
            m = ResponseMethods.of(responseClass);
            methods = m;
        }
        return m.usable() ? m : null;
    }

    @Override
    public void requestBody(Object r, Object body) {
        HttpClientRequest request = (HttpClientRequest) r;
        Buffer b = (Buffer) body;
        if (b != null && VertxBridge.wantsRequestBody(request.absoluteURI(), b.length(), request.headers().get("Content-Type"))) {
            requestBodies.put(request, b.getBytes());
        }
    }

    @Override
    public Object chunk(Object response, Object data) {
        if (!anyGuarded) {
            return data;
        }
        GuardedResponse g = guarded.get(response);
        return g == null ? data : g.chunk(data);
    }

    @Override
    public boolean end(Object response) {
        if (!anyGuarded) {
            return false;
        }
        GuardedResponse g = guarded.get(response);
        return g != null && g.end();
    }

    @Override
    public boolean exception(Object response, Throwable error) {
        if (!anyGuarded) {
            return false;
        }
        GuardedResponse g = guarded.get(response);
        return g != null && g.exception(error);
    }
}
