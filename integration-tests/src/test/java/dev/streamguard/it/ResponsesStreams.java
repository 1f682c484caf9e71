package dev.streamguard.it;

import java.util.List;

/**
 * The Responses API streams the clients read in {@link ResponsesSdkIT}, and what each means, written out by hand:
 * the files of {@code src/test/resources/sdk-streams/openai-responses}, the compliant function call held open after
 * its end, and an endless function call ({@link ResponsesFlood}).
 */
final class ResponsesStreams {
    static final String DIR = "openai-responses";
    static final ChatResult.ToolCall WEATHER = new ChatResult.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}");
    static final ChatResult.ToolCall TIME = new ChatResult.ToolCall("call_2", "get_time", "{\"tz\":\"CET\"}");
    /** Every stream that ends well starts with {@code response.created} for this response. */
    static final String RESPONSE_ID = "resp_1";
    private static final ProtocolStream.Family STREAMS = new ProtocolStream.Family(DIR, RESPONSE_ID);

    /**
     * R2 (D15 for this protocol), with the counts of {@code r2-cut-mid-arguments.sse} as written by hand: 5 events,
     * 2572 bytes (the file's size: its last event ends with its blank line), and the call's arguments
     * {@code {"ci} and {@code ty":"Pa}, 4 + 7 bytes, unfinished.
     */
    static final String TRUNCATED = "streamguard: stream truncated: the body ended after 5 events (2572 bytes) before a terminal event"
            + " (response.completed, response.incomplete or response.failed); function_call output item 0 (get_weather) was open"
            + " with 11 bytes of unfinished arguments";
    /** R4: the upstream's error, its message then its code, as the guard reports it (a flat error event or response.failed). */
    static final String OVERLOADED = "streamguard: upstream error: The model is overloaded (server_error)";
    /**
     * R6 and D21 with its default ({@code tool-args.invalid-json=fail}): the call named as the protocol names its
     * items, then the JSON check's own words for {@code {"city":"Paris"} (15 bytes).
     */
    static final String INVALID_ARGUMENTS = "streamguard: function_call output item 0 (get_weather) arguments are unfinished JSON:"
            + " it ends with an unclosed object after 15 bytes";
    /**
     * R6 and D20: the per-call cap, crossed where {@link SdkFloodIT#capFailure} sees it: the flood's arguments start
     * with the same 9 bytes {@code {"city":"}, then 64 KiB per delta.
     */
    static final String CAPPED = "streamguard: function_call output item 0 (get_weather) arguments exceeded 4MiB"
            + " (streamguard.tool-args.max-bytes) at " + StreamingServer.FAILING_AT + " bytes";

    /** Every stream, the flood last: without the agent it may exhaust the client's heap. */
    static List<ProtocolStream> all() {
        ProtocolStream compliant = STREAMS.calls("compliant-function-call", WEATHER);
        return List.of(
                compliant,
                STREAMS.calls("compliant-parallel-calls", WEATHER, TIME),
                STREAMS.text("compliant-text", "Hello world"),
                STREAMS.calls("r1-empty-output", WEATHER),
                STREAMS.text("r1-empty-output-text", "Hello world"),
                STREAMS.calls("r1-missing-identity", WEATHER),
                STREAMS.failing("r2-cut-mid-arguments", TRUNCATED, "R2"),
                STREAMS.calls("r3-no-item-added", WEATHER),
                STREAMS.calls("r3-name-only-in-arguments-done", WEATHER),
                STREAMS.calls("r3-changed-item-id", WEATHER),
                STREAMS.calls("r3-no-item-id", WEATHER),
                STREAMS.calls("r3-no-item-id-parallel-calls", WEATHER, TIME),
                STREAMS.calls("r3-one-based-output-index", WEATHER),
                STREAMS.calls("r3-repeated-output-index", WEATHER, TIME),
                STREAMS.failing("r4-error-event", OVERLOADED, "R4"),
                STREAMS.failing("r4-response-failed", OVERLOADED, "R4"),
                STREAMS.calls("r5-no-sequence-number", WEATHER),
                STREAMS.calls("r5-zero-sequence-number", WEATHER),
                STREAMS.failing("r6-invalid-arguments", INVALID_ARGUMENTS, "R6", "D21"),
                STREAMS.stall(compliant),
                STREAMS.flood(CAPPED, "R6", "D20"));
    }
}
