package dev.streamguard.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test-only model of how Java clients accumulate an OpenAI stream: tool-call fields are concatenated per
 * index (as LangChain4j does), a missing index or non-string arguments is an error (as in openai-java), and so
 * are what openai-java's accumulator refuses: a chunk after every choice finished, a chunk with choices but no
 * {@code id}, a call whose first delta lacks its id or name, a delta without {@code function}.
 */
public final class NaiveOpenAiClient {
    /** One accumulated tool call. */
    public static final class Call {
        public final StringBuilder id = new StringBuilder();
        public final StringBuilder type = new StringBuilder();
        public final StringBuilder name = new StringBuilder();
        public final StringBuilder arguments = new StringBuilder();
    }

    public final Map<Integer, Call> calls = new TreeMap<>();
    public final StringBuilder content = new StringBuilder();
    public final StringBuilder roles = new StringBuilder();
    public final List<Object> finishReasons = new ArrayList<>();
    public final List<String> errors = new ArrayList<>();
    public int dones;
    public int usageChunks;
    private final java.util.Set<Object> finished = new java.util.HashSet<>();
    private final java.util.Set<Object> choicesSeen = new java.util.HashSet<>();

    @SuppressWarnings("unchecked")
    public static NaiveOpenAiClient read(String body) {
        NaiveOpenAiClient c = new NaiveOpenAiClient();
        for (SseEvents.Event e : SseEvents.parse(body)) {
            if (e.data.trim().equals("[DONE]")) {
                c.dones++;
                continue;
            }
            if (c.dones > 0) {
                c.errors.add("data after [DONE]");
            }
            Object parsed;
            try {
                parsed = JsonTree.parse(e.data);
            } catch (IllegalArgumentException ex) {
                c.errors.add("unparseable event");
                continue;
            }
            Map<String, Object> chunk = (Map<String, Object>) parsed;
            if (chunk.get("error") != null) {
                c.errors.add("error event");
            }
            List<Object> choices = (List<Object>) chunk.get("choices");
            if (chunk.get("usage") != null) {
                c.usageChunks++;
                if (choices != null && !choices.isEmpty()) {
                    c.errors.add("usage on a chunk with choices");
                }
            }
            if (choices == null) {
                continue;
            }
            if (!choices.isEmpty() && !c.choicesSeen.isEmpty() && c.finished.containsAll(c.choicesSeen)) {
                c.errors.add("a chunk after every choice finished");
            }
            if (!choices.isEmpty() && !(chunk.get("id") instanceof String)) {
                c.errors.add("`id` is not set");
            }
            for (Object o : choices) {
                c.choice((Map<String, Object>) o);
            }
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    private void choice(Map<String, Object> choice) {
        choicesSeen.add(choice.get("index"));
        if (choice.containsKey("finish_reason") && choice.get("finish_reason") != null) {
            finishReasons.add(choice.get("finish_reason"));
            finished.add(choice.get("index"));
        }
        Map<String, Object> delta = (Map<String, Object>) choice.get("delta");
        if (delta == null) {
            return;
        }
        if (delta.get("role") != null) {
            roles.append(delta.get("role"));
        }
        if (delta.get("content") instanceof String) {
            content.append(delta.get("content"));
        }
        List<Object> toolCalls = (List<Object>) delta.get("tool_calls");
        if (toolCalls == null) {
            return;
        }
        for (Object o : toolCalls) {
            Map<String, Object> t = (Map<String, Object>) o;
            if (!(t.get("index") instanceof Number)) {
                errors.add("`index` is not set");
                continue;
            }
            int index = ((Number) t.get("index")).intValue();
            if (!calls.containsKey(index)) {
                Map<String, Object> fn = (Map<String, Object>) t.get("function");
                if (!(t.get("id") instanceof String) || ((String) t.get("id")).isEmpty()) {
                    errors.add("call " + index + ": `id` is not set on its first delta");
                }
                if (fn == null || !(fn.get("name") instanceof String) || ((String) fn.get("name")).isEmpty()) {
                    errors.add("call " + index + ": `name` is not set on its first delta");
                }
            }
            if (!(t.get("function") instanceof Map)) {
                errors.add("Tool call chunk missing function");
            }
            Call call = calls.computeIfAbsent(index, i -> new Call());
            append(call.id, t.get("id"));
            append(call.type, t.get("type"));
            Map<String, Object> f = (Map<String, Object>) t.get("function");
            if (f != null) {
                append(call.name, f.get("name"));
                Object args = f.get("arguments");
                if (args != null && !(args instanceof String)) {
                    errors.add("`arguments` is invalid");
                } else if (f.containsKey("arguments")) {
                    call.arguments.append((String) args);
                }
            }
        }
    }

    private static void append(StringBuilder sb, Object value) {
        if (value != null) {
            sb.append(value);
        }
    }

    public Call call(int index) {
        return calls.get(index);
    }
}
