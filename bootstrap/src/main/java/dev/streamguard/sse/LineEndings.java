package dev.streamguard.sse;

/**
 * The three line endings of SSE, shared by what writes lines, and the one way writing them goes wrong: a line ending
 * in a bare CR followed by a line that starts with an LF. A reader takes the two for one CRLF, so a blank line written
 * there as an LF ends nothing and the event runs into the next one.
 */
public final class LineEndings {
    // Shared arrays, never written to.
    public static final byte[] LF = {'\n'};
    public static final byte[] CR = {'\r'};
    public static final byte[] CRLF = {'\r', '\n'};

    private LineEndings() {
    }

    /** Whether {@code next}, written right after {@code last}, would only complete the line ending {@code last} began. */
    public static boolean joins(byte last, byte next) {
        return last == '\r' && next == '\n';
    }
}
