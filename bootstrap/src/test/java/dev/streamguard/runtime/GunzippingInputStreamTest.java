package dev.streamguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GunzippingInputStreamTest {
    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void decodesAndReadsNothingBeforeTheFirstRead() throws IOException {
        String text = "data: {\"choices\":[]}\n\n".repeat(500);
        AtomicInteger reads = new AtomicInteger();
        InputStream upstream = new ByteArrayInputStream(gzip(text)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                reads.incrementAndGet();
                return super.read(b, off, len);
            }
        };
        GunzippingInputStream in = new GunzippingInputStream(upstream);
        assertEquals(0, reads.get(), "building it must not read: the HTTP call would wait for the first bytes");
        assertEquals(text, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(reads.get() > 0);
    }

    @Test
    void closingBeforeAnyReadClosesTheUpstream() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        new GunzippingInputStream(new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed.set(true);
            }
        }).close();
        assertTrue(closed.get());
    }
}
