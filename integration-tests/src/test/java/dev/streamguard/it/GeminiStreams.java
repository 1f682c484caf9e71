package dev.streamguard.it;

import java.util.List;

/**
 * The Gemini streams the clients read in {@link GeminiSdkIT}, and what each means, written out by hand: the files of
 * {@code src/test/resources/sdk-streams/gemini} (framed with CRLF, as Gemini frames them), the compliant function call
 * held open after its last chunk, and an endless function call ({@link GeminiFlood}).
 */
final class GeminiStreams {
    static final String DIR = "gemini";
    /** The Gemini API gives a function call no id. */
    static final ChatResult.ToolCall WEATHER = new ChatResult.ToolCall(null, "get_weather", "{\"city\":\"Paris\"}");
    static final ChatResult.ToolCall TIME = new ChatResult.ToolCall(null, "get_time", "{\"tz\":\"CET\"}");
    /** Every chunk of the streams carries this responseId. */
    static final String RESPONSE_ID = "gm_1";
    private static final ProtocolStream.Family STREAMS = new ProtocolStream.Family(DIR, RESPONSE_ID);

    /** G1 for {@code g1-cut-before-call.sse} as written by hand: one chunk of text, 252 bytes, then the body ends. */
    static final String CUT_BEFORE_CALL = "streamguard: stream truncated: the body ended after 1 events (252 bytes) before every candidate"
            + " had a finishReason (1 of 1 unfinished)";
    /** G1 for {@code g1-cut-mid-chunk.sse}: the same chunk, then the first 120 bytes of the function call's chunk (372 in all). */
    static final String CUT_MID_CHUNK = "streamguard: stream truncated: the body ended after 1 events (372 bytes) before every candidate"
            + " had a finishReason (1 of 1 unfinished); the last event was cut off after 120 bytes";
    /** G2: the error chunk's message, code and status. */
    static final String OVERLOADED = "streamguard: upstream error: The model is overloaded. Please try again later. (503 UNAVAILABLE)";
    /**
     * G3: the flood is one chunk without end, so the event cap (8 MiB by default) stops it before the function call's
     * arguments could be measured whole; the first chunk came before.
     */
    static final String CAPPED = "streamguard: an event exceeded 8MiB (streamguard.event.max-bytes) after 1 events; the upstream"
            + " is sending an event without end";

    private GeminiStreams() {
    }

    /** Every stream, the flood last: without the agent it may exhaust the client's heap. */
    static List<ProtocolStream> all() {
        ProtocolStream compliant = STREAMS.textAndCalls("compliant-function-call", "Let me check.", WEATHER);
        return List.of(
                compliant,
                STREAMS.calls("compliant-parallel-calls", WEATHER, TIME),
                STREAMS.text("compliant-text", "Hello world"),
                STREAMS.failing("g1-cut-before-call", CUT_BEFORE_CALL, "G1"),
                STREAMS.failing("g1-cut-mid-chunk", CUT_MID_CHUNK, "G1"),
                STREAMS.failing("g2-error-mid-stream", OVERLOADED, "G2"),
                STREAMS.stall(compliant),
                STREAMS.flood(CAPPED, "D20"));
    }
}
