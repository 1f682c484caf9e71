package dev.streamguard.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What an application saw of one chat call through an SDK, parsed from the output of the client's
 * {@code ChatOutput}: tool calls, text, finish reason, whether it completed, the exception it got (with
 * its causes), or that it hung.
 */
final class ChatResult {
    /** A tool call as the SDK handed it to the application. */
    static final class ToolCall {
        final String id;
        final String name;
        final String arguments;

        ToolCall(String id, String name, String arguments) {
            this.id = id;
            this.name = name;
            this.arguments = arguments;
        }

        @Override
        public String toString() {
            return id + " " + name + " " + arguments;
        }
    }

    /** One throwable of the chain: class and message. */
    static final class Failure {
        final String type;
        final String message;

        Failure(String type, String message) {
            this.type = type;
            this.message = message;
        }

        @Override
        public String toString() {
            return type + ": " + message;
        }
    }

    String label;
    final List<ToolCall> tools = new ArrayList<>();
    String text;
    String finish;
    boolean completed;
    /** The exception the application got, then its causes; empty when none. */
    final List<Failure> errors = new ArrayList<>();
    /** Milliseconds the client waited before giving up on a call that neither completed nor failed; -1 if it ended. */
    long hangMillis = -1;
    final List<String> notes = new ArrayList<>();
    /** When the call returned or threw (wall clock, epoch millis); 0 when it did not within its time. */
    long endedAtMillis;

    static Map<Integer, ChatResult> parse(List<String> lines) {
        Map<Integer, ChatResult> results = new TreeMap<>();
        ChatResult current = null;
        for (String line : lines) {
            String[] f = line.split(" ", -1);
            switch (f[0]) {
                case "CALL":
                    current = new ChatResult();
                    current.label = text(f[2]);
                    results.put(Integer.parseInt(f[1]), current);
                    break;
                case "TOOL":
                    current.tools.add(new ToolCall(text(f[1]), text(f[2]), text(f[3])));
                    break;
                case "TEXT":
                    current.text = text(f[1]);
                    break;
                case "FINISH":
                    current.finish = text(f[1]);
                    break;
                case "COMPLETED":
                    current.completed = true;
                    break;
                case "ERROR":
                case "CAUSE":
                    current.errors.add(new Failure(f[1], text(f[2])));
                    break;
                case "HANG":
                    current.hangMillis = Long.parseLong(f[1]);
                    break;
                case "NOTE":
                    current.notes.add(text(f[1]));
                    break;
                case "ENDED":
                    current.endedAtMillis = Long.parseLong(f[1]);
                    break;
                default:
            }
        }
        return results;
    }

    private static String text(String b64) {
        return b64.equals("-") ? null : new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    boolean hung() {
        return hangMillis >= 0;
    }

    /** Whether some exception of the chain has exactly this message. */
    boolean failedWith(String message) {
        return errors.stream().anyMatch(e -> message.equals(e.message));
    }

    /**
     * A one-line account of what the application saw, e.g. {@code completed tools=[call_1 get_weather
     * {"city":"Paris"}] finish=tool_calls}, {@code error com.openai.errors.SseException: ... <- cause: ...}
     * or {@code hang}. The tests' tables of documented failures match against it.
     */
    String summary() {
        StringBuilder sb = new StringBuilder();
        if (hung()) {
            sb.append("hang");
        } else if (!errors.isEmpty()) {
            sb.append("error ").append(errors.stream().map(Failure::toString).collect(Collectors.joining(" <- cause: ")));
        } else if (completed) {
            sb.append("completed");
        } else {
            sb.append("ended without completing");
        }
        if (!tools.isEmpty()) {
            sb.append(" tools=").append(tools);
        }
        if (text != null) {
            sb.append(" text=").append(text);
        }
        if (finish != null) {
            sb.append(" finish=").append(finish);
        }
        if (!notes.isEmpty()) {
            sb.append(" notes=").append(notes);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
