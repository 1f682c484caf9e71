package dev.streamguard.it;

import dev.streamguard.testing.JsonTree;
import dev.streamguard.testing.SseEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a stream means to an application, read from a reference-shaped stream (a fixture's expected body):
 * the tool calls of the first choice or of the message (id, name, arguments), its text, its finish or stop
 * reason, or the error it ends with ({@code event: error}). What an SDK hands the application must match it.
 */
final class ReferenceChat {
    final List<ChatResult.ToolCall> tools = new ArrayList<>();
    String text;
    /** The finish or stop reason as the wire says it ({@code tool_calls}, {@code stop}, {@code tool_use}, {@code end_turn}). */
    String finish;
    /** The message of an error the stream ends with, which the SDK itself must report; null when none. */
    String error;

    @SuppressWarnings("unchecked")
    static ReferenceChat openai(String body) {
        ReferenceChat r = new ReferenceChat();
        Map<Integer, String[]> calls = new TreeMap<>();
        StringBuilder text = new StringBuilder();
        for (SseEvents.Event e : SseEvents.parse(body)) {
            if (e.data.trim().equals("[DONE]")) {
                break;
            }
            Map<String, Object> chunk = JsonTree.object(e.data);
            if (chunk.get("error") != null) {
                r.error = String.valueOf(((Map<String, Object>) chunk.get("error")).get("message"));
            }
            List<Object> choices = (List<Object>) chunk.get("choices");
            for (Object o : choices == null ? List.of() : choices) {
                Map<String, Object> choice = (Map<String, Object>) o;
                if (((Number) choice.get("index")).intValue() != 0) {
                    continue;
                }
                if (choice.get("finish_reason") != null) {
                    r.finish = (String) choice.get("finish_reason");
                }
                Map<String, Object> delta = (Map<String, Object>) choice.get("delta");
                if (delta == null) {
                    continue;
                }
                if (delta.get("content") instanceof String) {
                    text.append(delta.get("content"));
                }
                List<Object> toolCalls = (List<Object>) delta.get("tool_calls");
                for (Object t : toolCalls == null ? List.of() : toolCalls) {
                    Map<String, Object> call = (Map<String, Object>) t;
                    Map<String, Object> function = (Map<String, Object>) call.get("function");
                    String[] c = calls.computeIfAbsent(((Number) call.get("index")).intValue(), i -> new String[] {null, "", ""});
                    if (c[0] == null && call.get("id") instanceof String && !((String) call.get("id")).isEmpty()) {
                        c[0] = (String) call.get("id"); // the call's id, on its first delta or a later one
                    }
                    if (function != null && function.get("name") != null) {
                        c[1] += function.get("name"); // a name some providers split in fragments
                    }
                    if (function != null && function.get("arguments") != null) {
                        c[2] += function.get("arguments");
                    }
                }
            }
        }
        calls.values().forEach(c -> r.tools.add(new ChatResult.ToolCall(c[0], c[1], c[2])));
        r.text = text.length() == 0 ? null : text.toString();
        return r;
    }

    @SuppressWarnings("unchecked")
    static ReferenceChat anthropic(String body) {
        ReferenceChat r = new ReferenceChat();
        Map<Integer, String[]> tools = new TreeMap<>();
        StringBuilder text = new StringBuilder();
        for (SseEvents.Event e : SseEvents.parse(body)) {
            if (e.name == null) {
                continue;
            }
            Map<String, Object> m = JsonTree.object(e.data);
            switch (e.name) {
                case "content_block_start": {
                    Map<String, Object> block = (Map<String, Object>) m.get("content_block");
                    if ("tool_use".equals(block.get("type"))) {
                        tools.put(((Number) m.get("index")).intValue(), new String[] {(String) block.get("id"), (String) block.get("name"), ""});
                    }
                    break;
                }
                case "content_block_delta": {
                    Map<String, Object> delta = (Map<String, Object>) m.get("delta");
                    if ("text_delta".equals(delta.get("type"))) {
                        text.append(delta.get("text"));
                    } else if ("input_json_delta".equals(delta.get("type"))) {
                        tools.get(((Number) m.get("index")).intValue())[2] += delta.get("partial_json");
                    }
                    break;
                }
                case "message_delta":
                    r.finish = (String) ((Map<String, Object>) m.get("delta")).get("stop_reason");
                    break;
                case "error":
                    r.error = String.valueOf(((Map<String, Object>) m.get("error")).get("message"));
                    break;
                default:
            }
        }
        tools.values().forEach(c -> r.tools.add(new ChatResult.ToolCall(c[0], c[1], c[2])));
        r.text = text.length() == 0 ? null : text.toString();
        return r;
    }

    /**
     * How the application's view differs from this meaning (empty when it matches): the same tool calls
     * (arguments compared as JSON, an empty string as {@code {}}), text and finish reason, completed with
     * no error; or, for a stream that ends in an error, the SDK's exception carrying that error's message.
     */
    List<String> differences(ChatResult seen, Sdk sdk) {
        List<String> d = new ArrayList<>();
        if (seen.hung()) {
            d.add("hung");
            return d;
        }
        if (error != null) {
            if (seen.errors.isEmpty() || seen.errors.stream().noneMatch(e -> e.message != null && e.message.contains(error))) {
                d.add("expected an error with '" + error + "'");
            }
            return d;
        }
        if (!seen.errors.isEmpty()) {
            d.add("error " + seen.errors);
        }
        if (!seen.completed) {
            d.add("not completed");
        }
        if (seen.tools.size() != tools.size()) {
            d.add("tool calls " + seen.tools + " instead of " + tools);
        } else {
            for (int i = 0; i < tools.size(); i++) {
                ChatResult.ToolCall want = tools.get(i);
                ChatResult.ToolCall got = seen.tools.get(i);
                if (!Objects.equals(want.id, got.id) || !Objects.equals(want.name, got.name) || !sameJson(want.arguments, got.arguments)) {
                    d.add("tool call " + i + " " + got + " instead of " + want);
                }
            }
        }
        if (!Objects.equals(blankToNull(text), blankToNull(seen.text))) {
            d.add("text " + seen.text + " instead of " + text);
        }
        String wantFinish = sdk.finishReason(finish);
        if (!Objects.equals(wantFinish, seen.finish)) {
            d.add("finish " + seen.finish + " instead of " + wantFinish);
        }
        return d;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static boolean sameJson(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        try {
            return Objects.equals(JsonTree.parse(a.isBlank() ? "{}" : a), JsonTree.parse(b.isBlank() ? "{}" : b));
        } catch (RuntimeException e) {
            return a.equals(b);
        }
    }

    @Override
    public String toString() {
        return error != null ? "error " + error : "tools=" + tools + " text=" + text + " finish=" + finish;
    }
}
