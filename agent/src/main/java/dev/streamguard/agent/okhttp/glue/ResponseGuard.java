package dev.streamguard.agent.okhttp.glue;

import dev.streamguard.core.GuardedInputStream;
import dev.streamguard.runtime.GuardedStreams;
import dev.streamguard.runtime.OkHttpBridge;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;

/**
 * The glue for one copy of OkHttp: every response {@code RealCall.getResponseWithInterceptorChain} returns,
 * which sees every call (execute, enqueue, okhttp-sse) after transparent gzip decoding, comes here; an event
 * stream gets a new body over the guard, built with OkHttp's own public API. The methods used have the same
 * JVM descriptors in OkHttp 3.14, 4.x and 5.x.
 */
public final class ResponseGuard implements OkHttpBridge.Responses {
    /**
     * Made once per copy of OkHttp, whose Okio is checked here: failing here leaves that copy unguarded and reported
     * once, rather than a read failed.
     */
    public ResponseGuard() throws IOException {
        SegmentUpstream.checkOkio();
    }

    @Override
    public Object guarded(Object callObject, Object responseObject) {
        if (!(callObject instanceof Call) || !(responseObject instanceof Response)) {
            return responseObject;
        }
        Call call = (Call) callObject;
        Response response = (Response) responseObject;
        try {
            ResponseBody body = response.body();
            String type = body == null ? null : contentType(response, body);
            if (type == null) {
                return response;
            }
            String url = response.request().url().toString();
            String encoding = response.header("Content-Encoding");
            if (!OkHttpBridge.shouldGuard(type, encoding, url)) {
                return response;
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
            BufferedSource source = body.source();
            SegmentUpstream upstream = new SegmentUpstream(source);
            InputStream guarded = OkHttpBridge.guard(upstream.inputStream(), upstream, url, requestJson, traceparent, call, encoding);
            // Read in place and moved on, unless the guard decodes gzip first (or was not built: the body as it came).
            Source out = guarded instanceof GuardedInputStream && ((GuardedInputStream) guarded).readsInPlace()
                    ? new GuardedSource((GuardedInputStream) guarded, upstream) : Okio.source(guarded);
            // The guard may change the body's length: the response states none, as for a chunked body.
            Response.Builder rebuilt = response.newBuilder().body(new GuardedBody(body, Okio.buffer(out)))
                    .removeHeader("Content-Length");
            if (OkHttpBridge.isGzip(encoding)) {
                rebuilt.removeHeader("Content-Encoding");
            }
            return rebuilt.build();
        } catch (Throwable t) {
            OkHttpBridge.failed(t);
            return response;
        }
    }

    /**
     * The response's content type as its header says, which is what OkHttp's own body reports; asked of the body
     * only when the header is missing (a body an interceptor made): the body parses it into a {@link MediaType} at
     * each call, a cost every response, event stream or not, would pay.
     */
    private static String contentType(Response response, ResponseBody body) {
        String header = response.header("Content-Type");
        if (header != null) {
            return header;
        }
        MediaType type = body.contentType();
        return type == null ? null : type.toString();
    }
}
