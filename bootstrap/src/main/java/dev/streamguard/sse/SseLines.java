package dev.streamguard.sse;

/** Iterates the lines of raw event bytes: content and terminator of each, and the field it holds. */
final class SseLines {
    static final byte[] DATA = {'d', 'a', 't', 'a'};
    static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};

    private final byte[] buf;
    private final int end;
    private int next;
    private int start;
    private int contentEnd;
    private int lineEnd;

    SseLines(byte[] buf, int start, int end) {
        this.buf = buf;
        this.next = start;
        this.end = end;
    }

    boolean next() {
        if (next >= end) {
            return false;
        }
        start = next;
        int i = start;
        while (i < end && buf[i] != '\n' && buf[i] != '\r') {
            i++;
        }
        contentEnd = i;
        if (i < end) {
            i += buf[i] == '\r' && i + 1 < end && buf[i + 1] == '\n' ? 2 : 1;
        }
        lineEnd = i;
        next = i;
        return true;
    }

    int start() {
        return start;
    }

    int contentEnd() {
        return contentEnd;
    }

    int lineEnd() {
        return lineEnd;
    }

    boolean isBlank() {
        return contentEnd == start;
    }

    /** Whether the line is the field {@code name} (followed by ':' or nothing). */
    boolean isField(byte[] name) {
        return isField(buf, start, contentEnd, name);
    }

    /** Start of the field's value: after the colon and one optional space. */
    int valueStart() {
        return valueStart(buf, start, contentEnd);
    }

    static boolean isField(byte[] buf, int start, int contentEnd, byte[] name) {
        int n = name.length;
        if (contentEnd - start < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[start + i] != name[i]) {
                return false;
            }
        }
        return contentEnd == start + n || buf[start + n] == ':';
    }

    static int valueStart(byte[] buf, int start, int contentEnd) {
        int colon = start;
        while (colon < contentEnd && buf[colon] != ':') {
            colon++;
        }
        if (colon == contentEnd) {
            return contentEnd;
        }
        int v = colon + 1;
        return v < contentEnd && buf[v] == ' ' ? v + 1 : v;
    }
}
