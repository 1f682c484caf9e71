package dev.streamguard.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Realistic compliant stream bodies, shaped like what api.openai.com and api.anthropic.com send today
 * (system_fingerprint, logprobs, usage:null and obfuscation fields included), built from a fixed seed.
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

    /** (b) An OpenAI completion of about 600 text tokens. */
    static byte[] openAiText() {
        Random r = new Random(2);
        String[] words = {"The", " guard", " streams", " every", " event", " as", " soon", " as", " it", " is", " complete", ",",
            " without", " holding", " more", " than", " one", ".", " \u00c9t\u00e9", " \\\"quoted\\\"", "\\n", " 42"};
        StringBuilder sb = new StringBuilder();
        sb.append(openAi("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}", r));
        for (int t = 0; t < 600; t++) {
            sb.append(openAi("{\"index\":0,\"delta\":{\"content\":\"" + words[r.nextInt(words.length)]
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

    private static byte[] toolArguments() {
        String arguments = "{\"origin\":\"CDG\",\"destination\":\"JFK\",\"date\":\"2026-12-21\",\"passengers\":["
                + "{\"type\":\"adult\",\"name\":\"Ada Lovelace\"},{\"type\":\"child\",\"name\":\"Byron \\\"B\\\" King\",\"age\":9}],"
                + "\"notes\":\"window seat \u2013 \\\"quiet\\\" please\",\"max_price\":{\"amount\":850.5,\"currency\":\"EUR\"},\"legs\":[";
        StringBuilder sb = new StringBuilder(arguments);
        for (int i = 0; sb.length() < 2000; i++) {
            sb.append(i > 0 ? "," : "").append("{\"n\":").append(i).append(",\"from\":\"AAA\",\"to\":\"BBB\",\"ok\":true}");
        }
        sb.append("]}");
        return sb.toString().replace("\\", "\\\\").replace("\"", "\\\"").getBytes(StandardCharsets.UTF_8);
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }
}
