package dev.streamguard.agent.okhttp;

import dev.streamguard.runtime.GuardedStreams;
import dev.streamguard.runtime.OkHttpBridge;
import java.io.InputStream;
import net.bytebuddy.asm.Advice;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.Okio;

/**
 * Inlined at the exit of OkHttp's {@code RealCall.getResponseWithInterceptorChain}, which sees every call
 * (execute, enqueue, okhttp-sse) after transparent gzip decoding: an event stream gets a new body over the
 * guard, built with OkHttp's own public API so that the agent's class loader never needs OkHttp. The
 * methods used have the same JVM descriptors in OkHttp 3.14, 4.x and 5.x.
 */
public final class ResponseAdvice {
    private ResponseAdvice() {
    }

    @SuppressWarnings("deprecation")
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Call call, @Advice.Return(readOnly = false) Response response) {
        try {
            ResponseBody body = response == null ? null : response.body();
            MediaType type = body == null ? null : body.contentType();
            if (type == null) {
                return;
            }
            String url = response.request().url().toString();
            String encoding = response.header("Content-Encoding");
            if (!OkHttpBridge.shouldGuard(type.toString(), encoding, url)) {
                return;
            }
            byte[] requestJson = null;
            try {
                RequestBody requestBody = call.request().body();
                MediaType requestType = requestBody == null ? null : requestBody.contentType();
                if (requestBody != null && !requestBody.isOneShot() && !requestBody.isDuplex()
                        && GuardedStreams.wantsRequestBody(requestBody.contentLength(), requestType == null ? null : requestType.toString())) {
                    Buffer copy = new Buffer();
                    requestBody.writeTo(copy);
                    requestJson = copy.readByteArray();
                }
            } catch (Throwable requestUnreadable) {
                requestJson = null;
            }
            // The request as it went on the wire, after every interceptor (a tracer's traceparent included).
            Response network = response.networkResponse();
            String traceparent = (network == null ? response : network).request().header("traceparent");
            InputStream guarded = OkHttpBridge.guard(body.byteStream(), url, requestJson, traceparent, call, encoding);
            // The guard may change the body's length: the response states none, as for a chunked body.
            Response.Builder rebuilt = response.newBuilder().body(ResponseBody.create(type, -1L, Okio.buffer(Okio.source(guarded))))
                    .removeHeader("Content-Length");
            if (OkHttpBridge.isGzip(encoding)) {
                rebuilt.removeHeader("Content-Encoding");
            }
            response = rebuilt.build();
        } catch (Throwable t) {
            OkHttpBridge.failed(t);
        }
    }
}
