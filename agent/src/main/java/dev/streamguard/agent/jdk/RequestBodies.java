package dev.streamguard.agent.jdk;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * Reads the JSON a request sent, when that costs nothing: only the JDK's byte-array and string publishers
 * (subscribing to them again just copies their array, on the calling thread) and at most 1 MiB. Any other
 * publisher (a file, a stream, the application's own) is never subscribed a second time.
 */
final class RequestBodies {
    private static final String BYTE_ARRAY_PUBLISHER = "jdk.internal.net.http.RequestPublishers$ByteArrayPublisher";
    private static final long MAX_BYTES = 1 << 20;

    private RequestBodies() {
    }

    static byte[] read(HttpRequest request) {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || !isByteArrayPublisher(publisher.get().getClass())) {
            return null;
        }
        long length = publisher.get().contentLength();
        if (length <= 0 || length > MAX_BYTES) {
            return null;
        }
        Collector collector = new Collector();
        publisher.get().subscribe(collector);
        return collector.complete ? collector.bytes.toByteArray() : null;
    }

    private static boolean isByteArrayPublisher(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(BYTE_ARRAY_PUBLISHER)) {
                return true;
            }
        }
        return false;
    }

    private static final class Collector implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean complete;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer item) {
            byte[] b = new byte[item.remaining()];
            item.get(b);
            bytes.write(b, 0, b.length);
        }

        @Override
        public void onError(Throwable throwable) {
            complete = false;
        }

        @Override
        public void onComplete() {
            complete = true;
        }
    }
}
