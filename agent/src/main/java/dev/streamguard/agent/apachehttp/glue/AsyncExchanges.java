package dev.streamguard.agent.apachehttp.glue;

import dev.streamguard.runtime.ApacheAsyncBridge;
import dev.streamguard.runtime.ApacheHttpBridge;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/**
 * The glue's entry for one copy of HttpClient 5: a JSON request body is recorded as it is sent, and every
 * exchange's callback is one that guards an event stream's response.
 */
public final class AsyncExchanges implements ApacheAsyncBridge.Exchanges {
    @Override
    public Object producer(Object request, Object producer) {
        if (producer instanceof AsyncEntityProducer) {
            AsyncEntityProducer p = (AsyncEntityProducer) producer;
            HttpRequest r = (HttpRequest) request;
            String url = ApacheHttpBridge.url(null, r.getScheme(), r.getAuthority(), r.getRequestUri());
            if (ApacheAsyncBridge.wantsRequestBody(url, p.getContentLength(), p.getContentType())) {
                return new RecordingProducer(p);
            }
        }
        return producer;
    }

    @Override
    public Object callback(Object request, Object producer, Object scope, Object callback) {
        return new GuardedCallback((HttpRequest) request, producer instanceof RecordingProducer ? (RecordingProducer) producer : null,
                ((AsyncExecChain.Scope) scope).execRuntime, (AsyncExecCallback) callback);
    }
}
