package dev.streamguard.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A glitched model's endless function-call arguments (D20) in the Responses API's shape, as
 * {@link StreamingServer} sends it for {@code /flood/openai-responses/...}: {@code response.created}, the
 * function call {@code get_weather} added with empty arguments, a first delta {@code {"city":"}, then
 * {@code response.function_call_arguments.delta} events of 64 KiB of {@code A} each, every event with the
 * next {@code sequence_number}: a flood in the reference shape, so that only its size is wrong.
 */
final class ResponsesFlood {
    /**
     * The response of {@code response.created}: the one every stream of {@code sdk-streams/openai-responses}
     * starts with, but for its id ({@link ResponsesSdkIT} checks it).
     */
    private static final String RESPONSE = "{\"id\":\"resp_f\",\"object\":\"response\",\"created_at\":1700000000,\"status\":\"in_progress\",\"background\":false,\"error\":null,"
            + "\"incomplete_details\":null,\"instructions\":null,\"max_output_tokens\":null,\"max_tool_calls\":null,\"model\":\"gpt-4o-2024-08-06\","
            + "\"output\":[],\"parallel_tool_calls\":true,\"previous_response_id\":null,\"reasoning\":{\"effort\":null,\"summary\":null},"
            + "\"service_tier\":\"default\",\"store\":false,\"temperature\":1.0,\"text\":{\"format\":{\"type\":\"text\"}},\"tool_choice\":\"auto\","
            + "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"description\":\"Get the weather in a city\",\"parameters\":{\"type\":\"object\","
            + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]},\"strict\":false},{\"type\":\"function\",\"name\":\"get_time\","
            + "\"description\":\"Get the time in a time zone\",\"parameters\":{\"type\":\"object\",\"properties\":{\"tz\":{\"type\":\"string\"}}},\"strict\":false}],"
            + "\"top_p\":1.0,\"truncation\":\"disabled\",\"usage\":null,\"user\":null,\"metadata\":{}}";
    static final String START = "event: response.created\ndata: {\"type\":\"response.created\",\"response\":" + RESPONSE
            + ",\"sequence_number\":0}\n\n"
            + "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"id\":\"fc_f\","
            + "\"type\":\"function_call\",\"status\":\"in_progress\",\"arguments\":\"\",\"call_id\":\"call_f\",\"name\":\"get_weather\"},"
            + "\"sequence_number\":1}\n\n"
            + "event: response.function_call_arguments.delta\ndata: {\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc_f\","
            + "\"output_index\":0,\"delta\":\"{\\\"city\\\":\\\"\",\"sequence_number\":2}\n\n";
    /** The sequence number of the first fragment: the start holds events 0 to 2. */
    static final long FIRST_FRAGMENT = 3;
    private static final byte[] FRAGMENT_HEAD = ("event: response.function_call_arguments.delta\ndata: {\"type\":\"response.function_call_arguments.delta\","
            + "\"item_id\":\"fc_f\",\"output_index\":0,\"delta\":\"").getBytes(StandardCharsets.UTF_8);
    private static final byte[] FRAGMENT_TEXT = "A".repeat(Flood.FRAGMENT).getBytes(StandardCharsets.UTF_8);

    private ResponsesFlood() {
    }

    /** The delta event with this sequence number. */
    static byte[] fragment(long sequenceNumber) {
        byte[] tail = ("\",\"sequence_number\":" + sequenceNumber + "}\n\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(FRAGMENT_HEAD.length + FRAGMENT_TEXT.length + tail.length);
        out.writeBytes(FRAGMENT_HEAD);
        out.writeBytes(FRAGMENT_TEXT);
        out.writeBytes(tail);
        return out.toByteArray();
    }
}
