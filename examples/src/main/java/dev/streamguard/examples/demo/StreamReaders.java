package dev.streamguard.examples.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The application's stream handling, written the way common Java LLM clients handle streams (no validation
 * beyond what they do): read the SSE lines, parse each {@code data:} JSON, accumulate tool calls per index by
 * concatenating whatever {@code id}, {@code name} and {@code arguments} each delta carries (LangChain4j's
 * approach), or for Anthropic take id and name from {@code content_block_start} and the input from the
 * {@code input_json_delta} fragments (the reference stream's start block always says {@code input: {}}). When the
 * stream is over, parse the arguments and check the call against the declared tool before running it.
 */
final class StreamReaders {
    private StreamReaders() {
    }

    /** How much tool-argument text the application holds right now; read after an OutOfMemoryError. */
    static final class Held {
        long chars;

        String describe() {
            return mib(chars) + " of tool arguments";
        }
    }

    /** An OpenAI Chat Completions stream. */
    static Outcome openAi(StreamClients.Lines lines, Tools tools, Held held) throws IOException {
        Map<Integer, Call> calls = new TreeMap<>();
        StringBuilder text = new StringBuilder();
        String finishReason = null;
        boolean done = false;
        for (String line; (line = lines.readLine()) != null; ) {
            String data = data(line);
            if (data == null) {
                continue;
            }
            if (data.equals("[DONE]")) {
                done = true;
                break;
            }
            Map<String, Object> chunk = Json.object(Json.parse(data));
            for (Object c : Json.array(chunk.get("choices"))) {
                Map<String, Object> choice = Json.object(c);
                Map<String, Object> delta = Json.object(choice.get("delta"));
                String content = Json.string(delta.get("content"));
                if (content != null) {
                    text.append(content);
                }
                for (Object t : Json.array(delta.get("tool_calls"))) {
                    Map<String, Object> toolCall = Json.object(t);
                    int index = toolCall.get("index") instanceof Number ? ((Number) toolCall.get("index")).intValue() : 0;
                    Call call = calls.computeIfAbsent(index, i -> new Call());
                    Map<String, Object> function = Json.object(toolCall.get("function"));
                    appendIfPresent(call.id, toolCall.get("id"));
                    appendIfPresent(call.name, function.get("name"));
                    String arguments = Json.string(function.get("arguments"));
                    if (arguments != null) {
                        call.arguments.append(arguments);
                        held.chars += arguments.length();
                    }
                }
                if (Json.string(choice.get("finish_reason")) != null) {
                    finishReason = Json.string(choice.get("finish_reason"));
                }
            }
        }
        String ending = "finish_reason=" + finishReason;
        if (!calls.isEmpty()) {
            Call call = calls.values().iterator().next();
            String more = calls.size() > 1 ? " (+" + (calls.size() - 1) + " more calls)" : "";
            return call.outcome(tools, "id=" + call.id + ", " + ending, more);
        }
        return new Outcome(Outcome.Kind.TEXT, "answer " + Json.quote(text.toString()) + ", no error ("
                + (finishReason == null ? "no finish_reason" : ending) + (done ? "" : ", no [DONE]") + ")", "");
    }

    /** An Anthropic Messages stream. */
    static Outcome anthropic(StreamClients.Lines lines, Tools tools, Held held) throws IOException {
        Map<Integer, Call> blocks = new TreeMap<>();
        StringBuilder text = new StringBuilder();
        String event = null;
        String stopReason = null;
        boolean stopped = false;
        for (String line; !stopped && (line = lines.readLine()) != null; ) {
            if (line.isEmpty()) {
                event = null;
                continue;
            }
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
                continue;
            }
            String data = data(line);
            if (data == null) {
                continue;
            }
            Map<String, Object> json = Json.object(Json.parse(data));
            String type = event != null ? event : Json.string(json.get("type"));
            int index = json.get("index") instanceof Number ? ((Number) json.get("index")).intValue() : -1;
            Map<String, Object> delta = Json.object(json.get("delta"));
            switch (type == null ? "" : type) {
                case "content_block_start": {
                    Map<String, Object> block = Json.object(json.get("content_block"));
                    if ("tool_use".equals(block.get("type"))) {
                        Call call = new Call();
                        appendIfPresent(call.id, block.get("id"));
                        appendIfPresent(call.name, block.get("name"));
                        blocks.put(index, call);
                    }
                    break;
                }
                case "content_block_delta":
                    if ("input_json_delta".equals(delta.get("type")) && blocks.containsKey(index)) {
                        String partial = Json.string(delta.get("partial_json"));
                        if (partial != null) {
                            blocks.get(index).arguments.append(partial);
                            held.chars += partial.length();
                        }
                    } else if ("text_delta".equals(delta.get("type")) && delta.get("text") instanceof String) {
                        text.append((String) delta.get("text"));
                    }
                    break;
                case "message_delta":
                    if (Json.string(delta.get("stop_reason")) != null) {
                        stopReason = Json.string(delta.get("stop_reason"));
                    }
                    break;
                case "message_stop":
                    stopped = true;
                    break;
                case "error":
                    return new Outcome(Outcome.Kind.ERROR, "upstream error event: " + data, "");
                default:
                    break;
            }
        }
        String ending = "stop_reason=" + stopReason;
        if (!blocks.isEmpty()) {
            Call call = blocks.values().iterator().next();
            if (call.arguments.length() == 0) {
                call.arguments.append("{}"); // as LangChain4j and Spring AI do for a tool without input deltas
            }
            String more = blocks.size() > 1 ? " (+" + (blocks.size() - 1) + " more tool_use blocks)" : "";
            return call.outcome(tools, "id=" + call.id + ", " + ending, more);
        }
        return new Outcome(Outcome.Kind.TEXT, "answer " + Json.quote(text.toString()) + ", no error ("
                + ending + (stopped ? "" : ", no message_stop") + ")", "");
    }

    /** The data of a {@code data:} line (one optional space after the colon), or null for any other line. */
    private static String data(String line) {
        if (!line.startsWith("data:")) {
            return null;
        }
        return line.startsWith("data: ") ? line.substring(6) : line.substring(5);
    }

    private static void appendIfPresent(StringBuilder sb, Object value) {
        if (value instanceof String) {
            sb.append((String) value);
        }
    }

    static String mib(long chars) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", chars / 1048576.0);
    }

    /** One tool call as accumulated from the stream. */
    private static final class Call {
        final StringBuilder id = new StringBuilder();
        final StringBuilder name = new StringBuilder();
        final StringBuilder arguments = new StringBuilder();

        /**
         * A runnable call reads {@code name arguments (ids)}; one the application cannot run reads the same with the
         * raw arguments, then {@code -> not run:} and why.
         */
        Outcome outcome(Tools tools, String ending, String more) {
            String args = arguments.toString();
            List<String> problems = new ArrayList<>();
            Object parsed = null;
            try {
                parsed = Json.parse(args);
            } catch (Json.Invalid e) {
                problems.add("arguments not JSON (" + e.getMessage() + ")");
            }
            String rejection = tools.rejection(name.toString(), parsed == null ? Map.of() : parsed);
            if (rejection != null && (parsed != null || rejection.equals("unknown tool"))) {
                problems.add(0, rejection);
            }
            if (problems.isEmpty()) {
                return new Outcome(Outcome.Kind.CALL, name + " " + Json.write(parsed) + " (" + ending + ")" + more, "");
            }
            return new Outcome(Outcome.Kind.REJECTED, name + " " + abbreviate(args) + " (" + ending + ")" + more
                    + " -> not run: " + String.join("; ", problems), "");
        }

        private static String abbreviate(String args) {
            return args.length() <= 120 ? args : args.substring(0, 60) + "... (" + mib(args.length()) + ")";
        }
    }
}
