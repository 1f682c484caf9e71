package dev.streamguard.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Realistic compliant stream bodies, shaped like what api.openai.com and api.anthropic.com send today
 * (system_fingerprint, logprobs, usage:null and obfuscation fields included; the Responses API's events with
 * their sequence numbers and the full response at the end), and like Gemini's {@code streamGenerateContent}
 * chunks, built from a fixed seed.
 */
final class StreamBodies {
    private StreamBodies() {
    }

    private static final String OPENAI_HEAD = "{\"id\":\"chatcmpl-BvXk2sGq9mN4rT7yU1wE3aZ5\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1763700000,\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_07871e2ad8\",\"choices\":[";

    private static String openAi(String choice, Random r) {
        return "data: " + OPENAI_HEAD + choice + "],\"usage\":null,\"obfuscation\":\"" + noise(r) + "\"}\n\n";
    }

    private static String noise(Random r) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789";
        int n = 2 + r.nextInt(10);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** (a) An OpenAI completion that calls one tool with about 2 KiB of arguments in small fragments. */
    static byte[] openAiToolCall() {
        Random r = new Random(1);
        StringBuilder sb = new StringBuilder();
        sb.append(openAi("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
                + "\"id\":\"call_Qx9bT4mK2vN8\",\"type\":\"function\",\"function\":{\"name\":\"search_flights\",\"arguments\":\"\"}}],"
                + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}", r));
        String escaped = new String(toolArguments(), StandardCharsets.UTF_8);
        int i = 0;
        while (i < escaped.length()) {
            int n = Math.min(escaped.length() - i, 3 + r.nextInt(6));
            while (escaped.charAt(i + n - 1) == '\\' && i + n < escaped.length()) {
                n++;
            }
            sb.append(openAi("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\""
                    + escaped.substring(i, i + n) + "\"}}]},\"logprobs\":null,\"finish_reason\":null}", r));
            i += n;
        }
        sb.append(openAi("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}", r));
        sb.append("data: [DONE]\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Text tokens as a model streams them, JSON-escaped: accents, escaped quotes and newlines included. */
    private static final String[] TEXT_TOKENS = {"The", " guard", " streams", " every", " event", " as", " soon", " as", " it", " is",
        " complete", ",", " without", " holding", " more", " than", " one", ".", " \u00c9t\u00e9", " \\\"quoted\\\"", "\\n", " 42"};

    /** (b) An OpenAI completion of about 600 text tokens. */
    static byte[] openAiText() {
        Random r = new Random(2);
        StringBuilder sb = new StringBuilder();
        sb.append(openAi("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}", r));
        for (int t = 0; t < 600; t++) {
            sb.append(openAi("{\"index\":0,\"delta\":{\"content\":\"" + TEXT_TOKENS[r.nextInt(TEXT_TOKENS.length)]
                    + "\"},\"logprobs\":null,\"finish_reason\":null}", r));
        }
        sb.append(openAi("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}", r));
        sb.append("data: [DONE]\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** (c) An Anthropic message with a short text block and one tool_use of about 2 KiB of input. */
    static byte[] anthropicToolUse() {
        return anthropic(true, true);
    }

    /** (c) with its tool input sent as {@code {}} in one delta instead of 2 KiB in 127: what the input costs. */
    static byte[] anthropicToolUseWithEmptyInput() {
        return anthropic(true, false);
    }

    /** Only the message events of (c) (start, delta, stop): what any stream costs, whatever it carries. */
    static byte[] anthropicMessageEventsOnly() {
        return anthropic(false, false);
    }

    private static byte[] anthropic(boolean blocks, boolean streamedInput) {
        Random r = new Random(3);
        StringBuilder sb = new StringBuilder();
        sb.append(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],"
                + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":472,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":2}}}"));
        if (blocks) {
            contentBlocks(sb, r, streamedInput);
        }
        sb.append(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":612}}"));
        sb.append(event("message_stop", "{\"type\":\"message_stop\"}"));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void contentBlocks(StringBuilder sb, Random r, boolean streamedInput) {
        sb.append(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        sb.append(event("ping", "{\"type\": \"ping\"}"));
        for (String t : new String[] {"I'll", " search", " for", " flights", " now", "."}) {
            sb.append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + t + "\"}}"));
        }
        sb.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        sb.append(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                + "\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"name\":\"search_flights\",\"input\":{}}}"));
        sb.append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}"));
        String escaped = streamedInput ? new String(toolArguments(), StandardCharsets.UTF_8) : "{}";
        int i = 0;
        while (i < escaped.length()) {
            int n = Math.min(escaped.length() - i, 8 + r.nextInt(24));
            while (escaped.charAt(i + n - 1) == '\\' && i + n < escaped.length()) {
                n++;
            }
            sb.append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\""
                    + escaped.substring(i, i + n) + "\"}}"));
            i += n;
        }
        sb.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"));
    }

    /** The function the Responses streams call, as the API echoes it in every response object. */
    private static final String RESPONSE_TOOLS = "[{\"type\":\"function\",\"description\":\"Search flights for the passengers between two "
            + "airports on a date, within a price\",\"name\":\"search_flights\",\"parameters\":{\"type\":\"object\",\"properties\":{"
            + "\"origin\":{\"type\":\"string\",\"description\":\"IATA code\"},\"destination\":{\"type\":\"string\",\"description\":\"IATA code\"},"
            + "\"date\":{\"type\":\"string\",\"format\":\"date\"},\"passengers\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
            + "\"properties\":{\"type\":{\"type\":\"string\",\"enum\":[\"adult\",\"child\"]},\"name\":{\"type\":\"string\"},"
            + "\"age\":{\"type\":[\"integer\",\"null\"]}},\"required\":[\"type\",\"name\",\"age\"],\"additionalProperties\":false}},"
            + "\"notes\":{\"type\":\"string\"},\"max_price\":{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"number\"},"
            + "\"currency\":{\"type\":\"string\"}},\"required\":[\"amount\",\"currency\"],\"additionalProperties\":false},"
            + "\"legs\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}},\"required\":[\"origin\",\"destination\",\"date\","
            + "\"passengers\",\"notes\",\"max_price\",\"legs\"],\"additionalProperties\":false},\"strict\":true}]";

    /** A response object with every member api.openai.com sends, in its order. */
    private static String response(String status, String output, String usage) {
        return "{\"id\":\"resp_68f1c2a4e0b88190a1b2c3d4e5f60718\",\"object\":\"response\",\"created_at\":1763700000,\"status\":\""
                + status + "\",\"background\":false,\"error\":null,\"incomplete_details\":null,"
                + "\"instructions\":\"You are a travel assistant. Use the tools to answer.\",\"max_output_tokens\":null,"
                + "\"max_tool_calls\":null,\"model\":\"gpt-4.1-2025-04-14\",\"output\":[" + output + "],\"parallel_tool_calls\":true,"
                + "\"previous_response_id\":null,\"prompt_cache_key\":null,\"reasoning\":{\"effort\":null,\"summary\":null},"
                + "\"safety_identifier\":null,\"service_tier\":\"default\",\"store\":true,\"temperature\":1.0,"
                + "\"text\":{\"format\":{\"type\":\"text\"},\"verbosity\":\"medium\"},\"tool_choice\":\"auto\",\"tools\":" + RESPONSE_TOOLS
                + ",\"top_logprobs\":0,\"top_p\":1.0,\"truncation\":\"disabled\",\"usage\":" + usage + ",\"user\":null,\"metadata\":{}}";
    }

    /** The start every Responses stream has: {@code response.created} and {@code response.in_progress}. */
    private static void responseStart(StringBuilder sb) {
        sb.append(event("response.created", "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":"
                + response("in_progress", "", "null") + "}"));
        sb.append(event("response.in_progress", "{\"type\":\"response.in_progress\",\"sequence_number\":1,\"response\":"
                + response("in_progress", "", "null") + "}"));
    }

    private static void responseEnd(StringBuilder sb, int sequence, String item) {
        sb.append(event("response.completed", "{\"type\":\"response.completed\",\"sequence_number\":" + sequence + ",\"response\":"
                + response("completed", item, "{\"input_tokens\":472,\"input_tokens_details\":{\"cached_tokens\":0},"
                + "\"output_tokens\":612,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":1084}") + "}"));
    }

    /** (d) A Responses API stream that calls one function with about 2 KiB of arguments in small fragments. */
    static byte[] responsesToolCall() {
        Random r = new Random(4);
        StringBuilder sb = new StringBuilder();
        responseStart(sb);
        String itemHead = "{\"id\":\"fc_68f1c2a5b1c48190\",\"type\":\"function_call\",\"status\":\"";
        String itemTail = ",\"call_id\":\"call_Qx9bT4mK2vN8\",\"name\":\"search_flights\"}";
        sb.append(event("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":2,\"output_index\":0,"
                + "\"item\":" + itemHead + "in_progress\",\"arguments\":\"\"" + itemTail + "}"));
        String escaped = new String(toolArguments(), StandardCharsets.UTF_8);
        int sequence = 3;
        int i = 0;
        while (i < escaped.length()) {
            int n = Math.min(escaped.length() - i, 3 + r.nextInt(6));
            while (escaped.charAt(i + n - 1) == '\\' && i + n < escaped.length()) {
                n++;
            }
            sb.append(event("response.function_call_arguments.delta", "{\"type\":\"response.function_call_arguments.delta\",\"sequence_number\":"
                    + sequence++ + ",\"item_id\":\"fc_68f1c2a5b1c48190\",\"output_index\":0,\"delta\":\"" + escaped.substring(i, i + n)
                    + "\",\"obfuscation\":\"" + noise(r) + "\"}"));
            i += n;
        }
        sb.append(event("response.function_call_arguments.done", "{\"type\":\"response.function_call_arguments.done\",\"sequence_number\":"
                + sequence++ + ",\"item_id\":\"fc_68f1c2a5b1c48190\",\"output_index\":0,\"arguments\":\"" + escaped + "\"}"));
        String item = itemHead + "completed\",\"arguments\":\"" + escaped + "\"" + itemTail;
        sb.append(event("response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":" + sequence++
                + ",\"output_index\":0,\"item\":" + item + "}"));
        responseEnd(sb, sequence, item);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** (e) A Responses API stream of about 600 text tokens. */
    static byte[] responsesText() {
        Random r = new Random(5);
        String itemId = "\"item_id\":\"msg_68f1c2a5b1c48190\",\"output_index\":0,\"content_index\":0";
        String itemHead = "{\"id\":\"msg_68f1c2a5b1c48190\",\"type\":\"message\",\"status\":\"";
        StringBuilder sb = new StringBuilder();
        responseStart(sb);
        sb.append(event("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":2,\"output_index\":0,"
                + "\"item\":" + itemHead + "in_progress\",\"content\":[],\"role\":\"assistant\"}}"));
        sb.append(event("response.content_part.added", "{\"type\":\"response.content_part.added\",\"sequence_number\":3," + itemId
                + ",\"part\":{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\"\"}}"));
        StringBuilder text = new StringBuilder();
        int sequence = 4;
        for (int t = 0; t < 600; t++) {
            String word = TEXT_TOKENS[r.nextInt(TEXT_TOKENS.length)];
            text.append(word);
            sb.append(event("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"sequence_number\":" + sequence++
                    + "," + itemId + ",\"delta\":\"" + word + "\",\"logprobs\":[],\"obfuscation\":\"" + noise(r) + "\"}"));
        }
        String part = "{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\"" + text + "\"}";
        sb.append(event("response.output_text.done", "{\"type\":\"response.output_text.done\",\"sequence_number\":" + sequence++
                + "," + itemId + ",\"text\":\"" + text + "\",\"logprobs\":[]}"));
        sb.append(event("response.content_part.done", "{\"type\":\"response.content_part.done\",\"sequence_number\":" + sequence++
                + "," + itemId + ",\"part\":" + part + "}"));
        String item = itemHead + "completed\",\"content\":[" + part + "],\"role\":\"assistant\"}";
        sb.append(event("response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":" + sequence++
                + ",\"output_index\":0,\"item\":" + item + "}"));
        responseEnd(sb, sequence, item);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final String GEMINI_TAIL = ",\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"mNQxaZbQHcaB1MkPlLWN8Aw\"}\r\n\r\n";

    private static String geminiChunk(String parts, String finish, int outputTokens) {
        return "data: {\"candidates\": [{\"content\": {\"parts\": [" + parts + "],\"role\": \"model\"}"
                + (finish == null ? "" : ",\"finishReason\": \"" + finish + "\"") + ",\"index\": 0}],"
                + "\"usageMetadata\": {\"promptTokenCount\": 472,\"candidatesTokenCount\": " + outputTokens + ",\"totalTokenCount\": "
                + (472 + 388 + outputTokens) + ",\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 472}],"
                + "\"thoughtsTokenCount\": 388}" + GEMINI_TAIL;
    }

    /** (f) A Gemini answer of about 600 text tokens, in chunks of 10 to 30 as gemini-2.5-flash sends them (CRLF framing). */
    static byte[] geminiText() {
        Random r = new Random(6);
        StringBuilder sb = new StringBuilder();
        int tokens = 0;
        while (tokens < 600) {
            int n = 10 + r.nextInt(21);
            StringBuilder text = new StringBuilder();
            for (int t = 0; t < n; t++) {
                text.append(TEXT_TOKENS[r.nextInt(TEXT_TOKENS.length)]);
            }
            tokens += n;
            sb.append(geminiChunk("{\"text\": \"" + text + "\"}", tokens >= 600 ? "STOP" : null, tokens));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * (g) A Gemini answer that says a sentence, then calls one function with about 2 KiB of {@code args}: Gemini sends a
     * call whole, as a JSON object, with the thought signature of a thinking model.
     */
    static byte[] geminiFunctionCall() {
        Random r = new Random(7);
        StringBuilder signature = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            signature.append(noise(r));
        }
        String args = rawToolArguments().replace("\":", "\": ");
        return (geminiChunk("{\"text\": \"I will search the flights for both passengers.\"}", null, 9)
                + geminiChunk("{\"functionCall\": {\"name\": \"search_flights\",\"args\": " + args + "},\"thoughtSignature\": \""
                        + signature + "\"}", "STOP", 612)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] toolArguments() {
        return rawToolArguments().replace("\\", "\\\\").replace("\"", "\\\"").getBytes(StandardCharsets.UTF_8);
    }

    /** The arguments of the benchmark's function calls, as JSON (about 2 KiB). */
    private static String rawToolArguments() {
        String arguments = "{\"origin\":\"CDG\",\"destination\":\"JFK\",\"date\":\"2026-12-21\",\"passengers\":["
                + "{\"type\":\"adult\",\"name\":\"Ada Lovelace\"},{\"type\":\"child\",\"name\":\"Byron \\\"B\\\" King\",\"age\":9}],"
                + "\"notes\":\"window seat \u2013 \\\"quiet\\\" please\",\"max_price\":{\"amount\":850.5,\"currency\":\"EUR\"},\"legs\":[";
        StringBuilder sb = new StringBuilder(arguments);
        for (int i = 0; sb.length() < 2000; i++) {
            sb.append(i > 0 ? "," : "").append("{\"n\":").append(i).append(",\"from\":\"AAA\",\"to\":\"BBB\",\"ok\":true}");
        }
        sb.append("]}");
        return sb.toString();
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }
}
