package dev.streamguard.sse;

import static dev.streamguard.sse.LineEndings.CR;
import static dev.streamguard.sse.LineEndings.CRLF;
import static dev.streamguard.sse.LineEndings.LF;

import dev.streamguard.buffer.ByteBuilder;

/** Writes events the guard rewrote or made, keeping the source event's other lines and line endings. */
public final class SseEventWriter {
    private static final byte[] EVENT_PREFIX = {'e', 'v', 'e', 'n', 't', ':', ' '};
    private static final byte[] DATA_PREFIX = {'d', 'a', 't', 'a', ':', ' '};

    private SseEventWriter() {
    }

    /**
     * Writes {@code event} with its data replaced by {@code data[start, end)} (split into one data line per
     * LF) and, when {@code eventName} is not null, an {@code event:} line before its first line instead of any
     * event line it had.
     */
    public static void write(SseEvent event, byte[] data, int start, int end, byte[] eventName, ByteBuilder out) {
        int written = out.length();
        byte[] raw = event.rawArray();
        int[] lastDataTerminator = event.dataLines > 1 ? lastDataLineTerminator(event) : null;
        SseLines lines = new SseLines(raw, 0, event.rawLength());
        boolean first = true;
        boolean dataWritten = false;
        while (lines.next()) {
            int term = lines.contentEnd();
            int lineEnd = lines.lineEnd();
            if (first && eventName != null) {
                out.append(EVENT_PREFIX).append(eventName);
                appendTerminator(raw, term, lineEnd, out);
            }
            first = false;
            if (eventName != null && lines.isField(SseLines.EVENT)) {
                // The name written first replaces the event's own (an empty one): a later event line would win.
                continue;
            }
            if (lines.isField(SseLines.DATA)) {
                if (!dataWritten) {
                    int lastTerm = lastDataTerminator == null ? term : lastDataTerminator[0];
                    int lastEnd = lastDataTerminator == null ? lineEnd : lastDataTerminator[1];
                    if (lastEnd == lastTerm && linesFollowData(event, eventName != null)) {
                        // The last data line is the body's unfinished last line, but other lines follow where
                        // the data lines are written: the last one written ends as the first one did.
                        lastTerm = term;
                        lastEnd = lineEnd;
                    }
                    writeDataLines(raw, lines.start(), lines.valueStart(), term, lineEnd, lastTerm, lastEnd, data, start, end, out);
                    dataWritten = true;
                }
            } else {
                if (lineEnd > lines.start() && out.length() > written
                        && LineEndings.joins(out.array()[out.length() - 1], raw[lines.start()])) {
                    // The line that stood between a bare CR and this blank line's LF (a replaced event line, a data
                    // line written earlier) is gone: the blank line takes a CR before its LF.
                    out.append(CR);
                }
                out.append(raw, lines.start(), lineEnd - lines.start());
            }
        }
    }

    /**
     * Where the terminator of the event's last data line is. The last data line written ends with it: the line
     * after it in the raw event never turned a bare CR into a CRLF, so neither does the line after it here.
     */
    private static int[] lastDataLineTerminator(SseEvent event) {
        SseLines lines = new SseLines(event.rawArray(), 0, event.rawLength());
        int[] last = null;
        while (lines.next()) {
            if (lines.isField(SseLines.DATA)) {
                last = new int[] {lines.contentEnd(), lines.lineEnd()};
            }
        }
        return last;
    }

    /** Whether a line that is written (not a data line, nor an event line a new name replaces) comes after the first data line. */
    private static boolean linesFollowData(SseEvent event, boolean nameReplaced) {
        SseLines lines = new SseLines(event.rawArray(), 0, event.rawLength());
        boolean afterData = false;
        while (lines.next()) {
            if (lines.isField(SseLines.DATA)) {
                afterData = true;
            } else if (afterData && !(nameReplaced && lines.isField(SseLines.EVENT))) {
                return true;
            }
        }
        return false;
    }

    private static void writeDataLines(byte[] raw, int lineStart, int valueStart, int term, int lineEnd,
                                       int lastTerm, int lastLineEnd, byte[] data, int start, int end, ByteBuilder out) {
        // A bare "data" line (no colon) has an empty value: its prefix can only start an empty line.
        boolean colon = valueStart > lineStart + SseLines.DATA.length;
        int segment = start;
        for (int i = start; i <= end; i++) {
            if (i == end || data[i] == '\n') {
                if (colon || i == segment) {
                    out.append(raw, lineStart, valueStart - lineStart);
                } else {
                    out.append(DATA_PREFIX);
                }
                out.append(data, segment, i - segment);
                if (i < end) {
                    appendTerminator(raw, term, lineEnd, out);
                } else {
                    out.append(raw, lastTerm, lastLineEnd - lastTerm);
                }
                segment = i + 1;
            }
        }
    }

    private static void appendTerminator(byte[] raw, int term, int lineEnd, ByteBuilder out) {
        if (lineEnd > term) {
            out.append(raw, term, lineEnd - term);
        } else {
            out.append(LF);
        }
    }

    /** Writes a new event: an optional {@code event:} line, one {@code data:} line, and the blank line. */
    public static void writeNew(byte[] eventName, byte[] data, int start, int end, byte[] lineEnding, ByteBuilder out) {
        if (eventName != null) {
            out.append(EVENT_PREFIX).append(eventName).append(lineEnding);
        }
        out.append(DATA_PREFIX).append(data, start, end - start).append(lineEnding).append(lineEnding);
    }

    /**
     * The terminator of the event's first line (LF, CRLF or CR); LF when it has none; null for an event that
     * is only its blank line.
     */
    public static byte[] firstLineEnding(SseEvent event) {
        SseLines lines = new SseLines(event.rawArray(), 0, event.rawLength());
        if (!lines.next() || lines.lineEnd() == lines.contentEnd()) {
            return LF;
        }
        if (event.isTerminated() && lines.lineEnd() == event.rawLength()) {
            // A lone blank line: its CR may be waiting for an LF in the next chunk, so it says nothing reliable.
            return null;
        }
        // Shared arrays, never written to: one of three endings, asked for on every event the rules see.
        return lines.lineEnd() - lines.contentEnd() == 2 ? CRLF : event.rawArray()[lines.contentEnd()] == '\r' ? CR : LF;
    }
}
