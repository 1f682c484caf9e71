package dev.streamguard.agent.apachehttp;

import dev.streamguard.runtime.ApacheHttpBridge;
import dev.streamguard.runtime.GuardedStreams;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;

/**
 * Inlined at the exit of HttpClient 5's classic {@code doExecute}: an event stream's response gets an entity
 * over the guard, built with httpcore5's own public API so that the agent's class loader never needs
 * HttpClient. Closing the response still consumes and closes the guard, and through it the connection's
 * stream, which releases the connection as before. No string is built here: the advice is inlined into
 * HttpClient's Java 8 class files, where a string concatenation would be an invokedynamic of ours.
 */
public final class ClassicResponseAdvice {
    private ClassicResponseAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) ClassicHttpRequest request,
                            @Advice.Return CloseableHttpResponse response) {
        try {
            HttpEntity entity = response == null ? null : response.getEntity();
            String type = entity == null ? null : entity.getContentType();
            if (type == null || !GuardedStreams.isEventStream(type)) {
                return;
            }
            ContentType contentType = ContentType.parseLenient(type);
            String url = ApacheHttpBridge.url(target == null ? null : target.toURI(), request.getScheme(), request.getAuthority(),
                    request.getRequestUri());
            if (contentType == null || !ApacheHttpBridge.shouldGuard(type, entity.getContentEncoding(), url)) {
                return;
            }
            byte[] requestJson = null;
            try {
                HttpEntity sent = request.getEntity();
                if (sent != null && sent.isRepeatable() && GuardedStreams.wantsRequestBody(sent.getContentLength(), sent.getContentType())) {
                    ByteArrayOutputStream copy = new ByteArrayOutputStream();
                    sent.writeTo(copy);
                    requestJson = copy.toByteArray();
                }
            } catch (Throwable requestUnreadable) {
                requestJson = null;
            }
            Header traceparent = request.getFirstHeader("traceparent");
            InputStream guarded = ApacheHttpBridge.guard(entity.getContent(), url, requestJson,
                    traceparent == null ? null : traceparent.getValue(), request, response);
            // The guard may change the body's length: the entity states none, as for a chunked body.
            response.setEntity(new InputStreamEntity(guarded, -1, contentType));
            response.removeHeaders("Content-Length");
        } catch (Throwable t) {
            ApacheHttpBridge.failed(t);
        }
    }
}
