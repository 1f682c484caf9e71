package dev.streamguard.sse;

import dev.streamguard.buffer.ByteBuilder;

/**
 * One Server-Sent Event as it arrived: its raw bytes (every line with its own terminator, the blank line
 * included) and where its fields are. A view that {@link SseFramer} refills for every event.
 */
public final class SseEvent {
    final ByteBuilder raw = new ByteBuilder(512);
    private final ByteBuilder joinedData = new ByteBuilder(0);
    int dataLines;
    /** Field lines of any kind (data, event, id, retry, unknown); comments are not fields. */
    int fieldLines;
    int dataStart;
    int dataEnd;
    int eventNameStart = -1;
    int eventNameEnd;
    boolean terminated;
    boolean unusualFraming;
    private boolean joined;

    void reset() {
        if (raw.array().length > 64 * 1024) {
            raw.release();
            joinedData.release();
        }
        raw.clear();
        dataLines = 0;
        fieldLines = 0;
        dataStart = 0;
        dataEnd = 0;
        eventNameStart = -1;
        terminated = false;
        unusualFraming = false;
        joined = false;
    }

    /** The bytes of the event exactly as received. */
    public byte[] rawArray() {
        return raw.array();
    }

    public int rawLength() {
        return raw.length();
    }

    public boolean hasData() {
        return dataLines > 0;
    }

    /** Whether the event has any field line (data, event, id, retry); false for comments alone. */
    public boolean hasFields() {
        return fieldLines > 0;
    }

    /** Whether the data is empty or white space only ({@code data:} or {@code data: } alone). */
    public boolean hasBlankData() {
        byte[] a = dataArray();
        for (int i = dataStart(), e = dataEnd(); i < e; i++) {
            if (!isSpace(a[i]) && a[i] != '\n' && a[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Whether the event ended with its blank line (false only for a tail cut off by the end of the body). */
    public boolean isTerminated() {
        return terminated;
    }

    /** CR or CRLF line endings, or {@code data:} without a space: legal, and reported as D22. */
    public boolean hasUnusualFraming() {
        return unusualFraming;
    }

    /** The array holding the data; with several data lines, their values joined with LF. */
    public byte[] dataArray() {
        return dataLines > 1 ? joinedData().array() : raw.array();
    }

    public int dataStart() {
        return dataLines > 1 ? 0 : dataStart;
    }

    public int dataEnd() {
        return dataLines > 1 ? joinedData().length() : dataEnd;
    }

    public int dataLength() {
        return dataEnd() - dataStart();
    }

    /** Whether the data is exactly this ASCII text, ignoring surrounding white space. */
    public boolean dataIs(byte[] text) {
        byte[] a = dataArray();
        int s = dataStart();
        int e = dataEnd();
        while (s < e && isSpace(a[s])) {
            s++;
        }
        while (e > s && isSpace(a[e - 1])) {
            e--;
        }
        if (e - s != text.length) {
            return false;
        }
        for (int i = 0; i < text.length; i++) {
            if (a[s + i] != text[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    /**
     * Where the value of the first data line starts in the raw bytes, whether that line is complete or not
     * (for an event judged before its end); -1 when no data line has started.
     */
    public int partialDataStart() {
        SseLines lines = new SseLines(raw.array(), 0, raw.length());
        while (lines.next()) {
            if (lines.isField(SseLines.DATA)) {
                return lines.valueStart();
            }
        }
        return -1;
    }

    public boolean hasEventName() {
        return eventNameStart >= 0;
    }

    /** Whether the event's name is {@code name}, byte for byte. */
    public boolean eventNameIs(byte[] name) {
        return eventNameStart >= 0 && java.util.Arrays.equals(raw.array(), eventNameStart, eventNameEnd, name, 0, name.length);
    }

    public int eventNameStart() {
        return eventNameStart;
    }

    public int eventNameEnd() {
        return eventNameEnd;
    }

    private ByteBuilder joinedData() {
        if (!joined) {
            joinedData.clear();
            SseLines lines = new SseLines(raw.array(), 0, raw.length());
            boolean first = true;
            while (lines.next()) {
                if (lines.isField(SseLines.DATA)) {
                    if (!first) {
                        joinedData.append((byte) '\n');
                    }
                    joinedData.append(raw.array(), lines.valueStart(), lines.contentEnd() - lines.valueStart());
                    first = false;
                }
            }
            joined = true;
        }
        return joinedData;
    }
}
