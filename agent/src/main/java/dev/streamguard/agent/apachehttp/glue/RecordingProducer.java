package dev.streamguard.agent.apachehttp.glue;

import dev.streamguard.runtime.ApacheAsyncBridge;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * The client's request producer, keeping a copy of the bytes it writes (the rules that read the request need
 * it, and an async producer cannot be asked for its body twice). The copy is whole once the producer ended
 * its stream the first time; a body longer than the guard takes is not kept.
 */
final class RecordingProducer implements AsyncEntityProducer {
    private final AsyncEntityProducer producer;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private boolean whole;
    private boolean tooLong;

    RecordingProducer(AsyncEntityProducer producer) {
        this.producer = producer;
    }

    /** The body as it was sent, or null when it is not whole (not sent yet, or too long). */
    synchronized byte[] recorded() {
        return whole && !tooLong ? copy.toByteArray() : null;
    }

    private synchronized void wrote(ByteBuffer before, int n) {
        if (whole || tooLong || n <= 0) {
            return;
        }
        if (copy.size() + n > ApacheAsyncBridge.maxRequestBytes()) {
            tooLong = true;
            copy.reset();
            return;
        }
        byte[] b = new byte[n];
        before.get(b);
        copy.write(b, 0, n);
    }

    private synchronized void ended() {
        whole = true;
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
        producer.produce(new DataStreamChannel() {
            @Override
            public void requestOutput() {
                channel.requestOutput();
            }

            @Override
            public int write(ByteBuffer src) throws IOException {
                ByteBuffer before = src.duplicate();
                int n = channel.write(src);
                wrote(before, n);
                return n;
            }

            @Override
            public void endStream() throws IOException {
                ended();
                channel.endStream();
            }

            @Override
            public void endStream(List<? extends Header> trailers) throws IOException {
                ended();
                channel.endStream(trailers);
            }
        });
    }

    @Override
    public int available() {
        return producer.available();
    }

    @Override
    public boolean isRepeatable() {
        return producer.isRepeatable();
    }

    @Override
    public void failed(Exception cause) {
        producer.failed(cause);
    }

    @Override
    public long getContentLength() {
        return producer.getContentLength();
    }

    @Override
    public String getContentType() {
        return producer.getContentType();
    }

    @Override
    public String getContentEncoding() {
        return producer.getContentEncoding();
    }

    @Override
    public boolean isChunked() {
        return producer.isChunked();
    }

    @Override
    public Set<String> getTrailerNames() {
        return producer.getTrailerNames();
    }

    /** Before the producer is sent again (a retry), a copy it did not finish starts over. */
    @Override
    public void releaseResources() {
        synchronized (this) {
            if (!whole) {
                copy.reset();
                tooLong = false;
            }
        }
        producer.releaseResources();
    }
}
