package dev.streamguard.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Decodes a gzip body, opening the decoder on the first read: GZIPInputStream reads the gzip header as it
 * is built, which would block the HTTP call until the upstream sent its first bytes.
 */
final class GunzippingInputStream extends InputStream {
    private final InputStream compressed;
    private GZIPInputStream decoder;

    GunzippingInputStream(InputStream compressed) {
        this.compressed = compressed;
    }

    private GZIPInputStream decoder() throws IOException {
        if (decoder == null) {
            decoder = new GZIPInputStream(compressed, 8192);
        }
        return decoder;
    }

    @Override
    public int read() throws IOException {
        return decoder().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return decoder().read(b, off, len);
    }

    @Override
    public int available() throws IOException {
        return decoder == null ? 0 : decoder.available();
    }

    @Override
    public void close() throws IOException {
        if (decoder != null) {
            decoder.close();
        } else {
            compressed.close();
        }
    }
}
