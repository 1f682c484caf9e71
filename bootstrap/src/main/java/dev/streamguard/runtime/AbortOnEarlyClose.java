package dev.streamguard.runtime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response body whose close, before its end, first aborts the connection: some clients (Apache HttpClient's
 * chunked and fixed-length streams) close a body by reading it to its end, which for a stream the guard failed
 * (an endless argument flood, an upstream that went silent) would never return. Closed after its end, the
 * body closes as the client's own does, and the connection goes back to its pool.
 */
final class AbortOnEarlyClose extends FilterInputStream {
    private final Runnable abort;
    private boolean ended;

    AbortOnEarlyClose(InputStream body, Runnable abort) {
        super(body);
        this.abort = abort;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        ended |= b < 0;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        ended |= n < 0;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (!ended) {
            abort.run();
        }
        super.close();
    }
}
