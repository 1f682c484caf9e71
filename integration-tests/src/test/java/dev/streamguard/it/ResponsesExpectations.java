package dev.streamguard.it;

import java.util.Map;
import java.util.Set;

/** What each Responses client's application sees of each stream without the agent (see {@link ProtocolExpectations}). */
final class ResponsesExpectations {
    private static final String PARIS = "{\"city\":\"Paris\"}";
    private static final String UNFINISHED = "{\"city\":\"Paris\"";
    /** OkHttp's call or read timeout, after the SDK's 5 s: the pattern the Chat Completions tests pin for openai-java too. */
    private static final String OPENAI_TIMEOUT = SdkExpectations.OPENAI_TIMEOUT;
    private static final String NOT_COMPLETED = "error java.lang.IllegalStateException: Completed response is not yet received.";

    static final ProtocolExpectations EXPECTATIONS = new ProtocolExpectations(Map.of(
            // openai-java's ResponseAccumulator.create() keeps nothing but the terminal event's response: every
            // function call, text and id the application reads comes from response.completed (or .failed), and a
            // stream without one ends in "not yet received". What was streamed before does not count (R1), so
            // the item-level deviations (R3) and the sequence numbers (R5) do not break it; a stream held open after
            // response.completed ends in its 5 s call timeout.
            ResponsesClient.OPENAI_JAVA, Map.ofEntries(
                    Map.entry("r1-empty-output", "completed finish=completed notes=[response resp_1]"),
                    Map.entry("r1-empty-output-text", "completed finish=completed notes=[response resp_1]"),
                    // The function call is read; then Response.id(), which an application passes on as
                    // previous_response_id, throws.
                    Map.entry("r1-missing-identity", "error com.openai.errors.OpenAIInvalidDataException: `id` is not set tools=[call_1 get_weather "
                            + PARIS + "]"),
                    Map.entry("r2-cut-mid-arguments", NOT_COMPLETED),
                    // The flat error event is parsed (a ResponseErrorEvent) and ignored by the accumulator.
                    Map.entry("r4-error-event", NOT_COMPLETED),
                    // Read correctly: the failed response, its status and its error reach the application.
                    Map.entry("r4-response-failed", "completed finish=failed notes=[response resp_1, error server_error: The model is overloaded]"),
                    Map.entry("r6-invalid-arguments", "completed tools=[call_1 get_weather " + UNFINISHED + "] finish=completed notes=[response resp_1]"),
                    Map.entry("compliant-function-call+stall", "regex:error " + OPENAI_TIMEOUT),
                    // It parses every delta and keeps none: the heap holds, the SDK's timeout ends the call (or, on
                    // a machine fast enough to read the whole flood in 5 s, its end without response.completed).
                    Map.entry("flood", "regex:error (" + OPENAI_TIMEOUT + "|" + java.util.regex.Pattern.quote(NOT_COMPLETED.substring(6)) + ")")),
            // LangChain4j builds the function calls from the streamed items (output_item.added, the argument
            // events, output_item.done, by item id), the text, id and status from response.completed's response; it
            // completes at response.completed (so a connection held open after it does no harm), knows no flat
            // error event (it looks for "response.error"), and never hears of a body that ends without a terminal event.
            ResponsesClient.LANGCHAIN4J, Map.ofEntries(
                    Map.entry("r1-empty-output-text", "completed finish=STOP notes=[response resp_1]"),
                    Map.entry("r1-missing-identity", "completed tools=[call_1 get_weather " + PARIS + "] finish=TOOL_EXECUTION notes=[response null]"),
                    Map.entry("r2-cut-mid-arguments", "hang"),
                    // Without output_item.added or .done the call has no builder: its events are dropped.
                    Map.entry("r3-name-only-in-arguments-done", "completed finish=STOP notes=[response resp_1]"),
                    // Both calls have the item id "": the second one's events go to a call already completed.
                    Map.entry("r3-no-item-id-parallel-calls", "completed tools=[call_1 get_weather " + PARIS + "] finish=TOOL_EXECUTION notes=[response resp_1]"),
                    Map.entry("r4-error-event", "hang"),
                    // Read correctly: onError with the upstream's message.
                    Map.entry("r4-response-failed", "error java.lang.RuntimeException: Response failed: The model is overloaded"),
                    Map.entry("r6-invalid-arguments", "completed tools=[call_1 get_weather " + UNFINISHED + "] finish=TOOL_EXECUTION notes=[response resp_1]"),
                    // It keeps every raw event and rebuilds the arguments on every delta.
                    Map.entry("flood", "regex:error java\\.lang\\.OutOfMemoryError: Java heap space( <- .*)?|hang"))),
            // LangChain4j keeps the deltas; openai-java does not.
            Set.of(ResponsesClient.LANGCHAIN4J));

    private ResponsesExpectations() {
    }
}
