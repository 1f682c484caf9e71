package dev.streamguard.testing;

import java.util.ArrayList;
import java.util.List;

/** Test-only SSE reader following the WHATWG parsing rules, for what a client would see. */
public final class SseEvents {
    /** One dispatched event: its name (null when unnamed) and data. */
    public static final class Event {
        public final String name;
        public final String data;

        Event(String name, String data) {
            this.name = name;
            this.data = data;
        }

        @Override
        public String toString() {
            return (name == null ? "" : "event: " + name + " ") + "data: " + data;
        }
    }

    private SseEvents() {
    }

    public static List<Event> parse(String body) {
        List<Event> events = new ArrayList<>();
        String name = null;
        StringBuilder data = null;
        for (String line : body.split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Event(name, data.toString()));
                }
                name = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            } else if (field.equals("event")) {
                name = value;
            }
        }
        return events;
    }
}
