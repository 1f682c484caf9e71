package dev.streamguard.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the request body says that the rules need: the model, whether it asks for a streamed answer (D32),
 * whether it declares tools (D45), and for each declared tool the parameters its schema requires (Anthropic
 * {@code tools[].input_schema} or OpenAI {@code tools[].function.parameters}).
 */
public final class RequestFacts {
    /** What a tool's schema says about its parameters. */
    public enum ToolParameters { REQUIRED, NONE_REQUIRED, UNKNOWN }

    static final RequestFacts NONE = new RequestFacts(null, Collections.emptyMap(), false, false, 0);
    private static final JsonFactory JSON = new JsonFactory();
    /** More than any Gemini model allows; a larger count in a request is taken as this. */
    private static final int GEMINI_MAX_CANDIDATES = 1024;
    /** What a chat, messages, responses or completions request carries its conversation in. */
    private static final List<String> CONVERSATION_FIELDS = List.of("messages", "input", "contents", "prompt");

    private final String model;
    private final Map<String, List<String>> requiredByTool;
    private final boolean streamingChat;
    private final boolean declaresTools;
    private final int candidateCount;

    private RequestFacts(String model, Map<String, List<String>> requiredByTool, boolean streamingChat, boolean declaresTools,
                         int candidateCount) {
        this.candidateCount = candidateCount;
        this.model = model;
        this.requiredByTool = requiredByTool;
        this.streamingChat = streamingChat;
        this.declaresTools = declaresTools;
    }

    /** Whether the body asks an LLM for a streamed answer: {@code "stream": true} beside messages, input or contents. */
    public boolean streamingChat() {
        return streamingChat;
    }

    /** Whether the body declares at least one tool, in whatever shape. */
    public boolean declaresTools() {
        return declaresTools;
    }

    public String model() {
        return model;
    }

    public ToolParameters parametersOf(String toolName) {
        List<String> required = requiredByTool.get(toolName);
        if (required == null) {
            return ToolParameters.UNKNOWN;
        }
        return required.isEmpty() ? ToolParameters.NONE_REQUIRED : ToolParameters.REQUIRED;
    }

    /** How many candidates a Gemini request asked for ({@code generationConfig.candidateCount}); 0 when it did not say. */
    public int candidateCount() {
        return candidateCount;
    }

    /** The required parameter names of a tool, empty when unknown or none. */
    public List<String> requiredParametersOf(String toolName) {
        List<String> required = requiredByTool.get(toolName);
        return required == null ? Collections.emptyList() : required;
    }

    /** Reads what it can; a missing or unreadable body gives no facts rather than an error. */
    static RequestFacts parse(byte[] body) {
        if (body == null || body.length == 0) {
            return NONE;
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            String model = null;
            Map<String, List<String>> tools = new HashMap<>();
            boolean stream = false;
            boolean conversation = false;
            boolean declaresTools = false;
            int candidateCount = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("model".equals(field) && value == JsonToken.VALUE_STRING) {
                    model = p.getText();
                } else if ("stream".equals(field)) {
                    stream = value == JsonToken.VALUE_TRUE;
                } else if ("tools".equals(field) && value == JsonToken.START_ARRAY) {
                    JsonToken t;
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        declaresTools = true;
                        if (t == JsonToken.START_OBJECT) {
                            readTool(p, tools);
                        } else {
                            p.skipChildren();
                        }
                    }
                } else if ("generationConfig".equals(field) && value == JsonToken.START_OBJECT) {
                    candidateCount = readCandidateCount(p);
                } else {
                    conversation |= CONVERSATION_FIELDS.contains(field);
                    p.skipChildren();
                }
            }
            return new RequestFacts(model, Collections.unmodifiableMap(tools), stream && conversation, declaresTools, candidateCount);
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    /** Reads a Gemini {@code generationConfig} (parser at its START_OBJECT) for its {@code candidateCount}; 0 if none. */
    private static int readCandidateCount(JsonParser p) throws IOException {
        int count = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("candidateCount".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                count = Math.max(0, Math.min(p.getIntValue(), GEMINI_MAX_CANDIDATES));
            } else {
                p.skipChildren();
            }
        }
        return count;
    }

    /** Reads one tool object (parser at its START_OBJECT), in either the Anthropic or the OpenAI shape. */
    private static void readTool(JsonParser p, Map<String, List<String>> tools) throws IOException {
        String name = null;
        List<String> required = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("name".equals(field) && value == JsonToken.VALUE_STRING) {
                name = p.getText();
            } else if ("input_schema".equals(field) && value == JsonToken.START_OBJECT) {
                required = readRequired(p);
            } else if ("function".equals(field) && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("name".equals(f) && v == JsonToken.VALUE_STRING) {
                        name = p.getText();
                    } else if ("parameters".equals(f) && v == JsonToken.START_OBJECT) {
                        required = readRequired(p);
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        if (name != null && required != null) {
            tools.put(name, required);
        }
    }

    /** Reads a JSON schema object (parser at its START_OBJECT) and returns its top-level {@code required}. */
    private static List<String> readRequired(JsonParser p) throws IOException {
        List<String> required = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("required".equals(field) && value == JsonToken.START_ARRAY) {
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == JsonToken.VALUE_STRING) {
                        required.add(p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return Collections.unmodifiableList(required);
    }
}
