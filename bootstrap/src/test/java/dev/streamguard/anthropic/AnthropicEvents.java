package dev.streamguard.anthropic;

/** Anthropic Messages events written out by hand, for bodies the tests build beside the fixtures. */
final class AnthropicEvents {
    static final String MESSAGE_START = named("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}");
    static final String MESSAGE_STOP = named("message_stop", "{\"type\":\"message_stop\"}");
    static final String TEXT = "{\"type\":\"text\",\"text\":\"\"}";
    static final String GET_WEATHER = "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}";
    static final String NOW = "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"now\",\"input\":{}}";
    /** The request of the SDK tests: get_weather requires a city, now takes nothing. */
    static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"stream\":true,\"tools\":["
            + "{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}},"
            + "{\"name\":\"now\",\"input_schema\":{\"type\":\"object\",\"properties\":{}}}]}";

    private AnthropicEvents() {
    }

    static String named(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    static String blockStart(int index, String block) {
        return named("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":" + block + "}");
    }

    static String blockDelta(int index, String delta) {
        return named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":" + delta + "}");
    }

    static String textDelta(int index, String text) {
        return blockDelta(index, "{\"type\":\"text_delta\",\"text\":\"" + text + "\"}");
    }

    /** An input_json_delta; {@code json} is the fragment as JSON string content (quotes escaped). */
    static String inputDelta(int index, String json) {
        return blockDelta(index, "{\"type\":\"input_json_delta\",\"partial_json\":\"" + json + "\"}");
    }

    static String blockStop(int index) {
        return named("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    static String messageDelta(String stopReason) {
        return named("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":42}}");
    }
}
