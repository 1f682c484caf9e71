package dev.streamguard.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A deliberately simple reference reading of a whole SSE body, written from the SSE specification and
 * independent of {@code SseFramer}: lines end in CRLF, LF or CR; a blank line ends an event (possibly one
 * without any field); {@code data} values are joined with LF; the last {@code event} line names the event;
 * one space after the colon is dropped. Bytes after the last blank line form the tail.
 */
public final class SseReference {
    /** One event as the reference reads it. */
    public static final class Event {
        public final byte[] raw;
        public final int dataLines;
        public final byte[] data;
        public final byte[] name;
        /** A CR in any line ending, or a {@code data:} line with a value not preceded by a space. */
        public final boolean unusualFraming;
        public final boolean terminated;

        Event(byte[] raw, int dataLines, byte[] data, byte[] name, boolean unusualFraming, boolean terminated) {
            this.raw = raw;
            this.dataLines = dataLines;
            this.data = data;
            this.name = name;
            this.unusualFraming = unusualFraming;
            this.terminated = terminated;
        }

        public String dataText() {
            return new String(data, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Event{raw=" + show(raw) + ", dataLines=" + dataLines + ", data=" + show(data) + ", name="
                    + (name == null ? null : show(name)) + ", unusual=" + unusualFraming + ", terminated=" + terminated + "}";
        }
    }

    /** The events of the body (every blank line ends one) and the unterminated tail, if any, as the last one. */
    public static List<Event> parse(byte[] body) {
        List<Event> events = new ArrayList<>();
        int eventStart = 0;
        // A byte order mark at the start is not part of the first line (it stays in the first event's raw bytes).
        int i = body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF ? 3 : 0;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int dataLines = 0;
        byte[] name = null;
        boolean unusual = false;
        while (i < body.length) {
            int lineStart = i;
            while (i < body.length && body[i] != '\n' && body[i] != '\r') {
                i++;
            }
            int contentEnd = i;
            boolean terminated = i < body.length;
            if (terminated) {
                if (body[i] == '\r') {
                    unusual = true;
                    i += i + 1 < body.length && body[i + 1] == '\n' ? 2 : 1;
                } else {
                    i++;
                }
            }
            if (terminated && contentEnd == lineStart) {
                events.add(new Event(Arrays.copyOfRange(body, eventStart, i), dataLines, data.toByteArray(), name,
                        unusual, true));
                eventStart = i;
                data.reset();
                dataLines = 0;
                name = null;
                unusual = false;
                continue;
            }
            String field;
            int valueStart;
            int colon = indexOf(body, lineStart, contentEnd, (byte) ':');
            if (colon == lineStart) {
                continue; // comment
            }
            if (colon < 0) {
                field = new String(body, lineStart, contentEnd - lineStart, java.nio.charset.StandardCharsets.UTF_8);
                valueStart = contentEnd;
            } else {
                field = new String(body, lineStart, colon - lineStart, java.nio.charset.StandardCharsets.UTF_8);
                valueStart = colon + 1;
                if (valueStart < contentEnd && body[valueStart] == ' ') {
                    valueStart++;
                } else if (field.equals("data") && valueStart < contentEnd) {
                    unusual = true;
                }
            }
            if (field.equals("data")) {
                if (dataLines++ > 0) {
                    data.write('\n');
                }
                data.write(body, valueStart, contentEnd - valueStart);
            } else if (field.equals("event")) {
                // An empty event type buffer means the default type: no name (the last event line wins).
                name = contentEnd > valueStart ? Arrays.copyOfRange(body, valueStart, contentEnd) : null;
            }
        }
        if (eventStart < body.length) {
            events.add(new Event(Arrays.copyOfRange(body, eventStart, body.length), dataLines, data.toByteArray(), name,
                    unusual, false));
        }
        return events;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    public static String show(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('"').toString();
    }
}
