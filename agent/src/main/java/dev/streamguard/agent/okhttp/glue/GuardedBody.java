package dev.streamguard.agent.okhttp.glue;

import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * A guarded response's body: the guard's output, of no stated length (the guard may change it), with the original
 * body's content type, asked of it only when the application asks: OkHttp parses the header into a
 * {@link MediaType} at each call, and most readers of a stream never ask.
 */
final class GuardedBody extends ResponseBody {
    private final ResponseBody original;
    private final BufferedSource source;

    GuardedBody(ResponseBody original, BufferedSource source) {
        this.original = original;
        this.source = source;
    }

    @Override
    public MediaType contentType() {
        return original.contentType();
    }

    @Override
    public long contentLength() {
        return -1L;
    }

    @Override
    public BufferedSource source() {
        return source;
    }
}
