package dev.streamguard.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each SDK's application sees of each stream, as the tests found it: without the agent, the streams
 * that break it and exactly how (everything else it reads correctly, which the tests check too); with the
 * agent, the few outcomes the agent does not repair. An entry is the result's {@link ChatResult#summary()}:
 * the whole of it, or, when the entry ends in {@code …}, its beginning, or, after {@code regex:}, a pattern.
 */
final class SdkExpectations {
    private static final String PARIS = "{\"city\":\"Paris\"}";
    /** OkHttp's call or read timeout, whichever fires first, after the SDK's 5 s (pings keep the read alive, not the call). */
    static final String TIMEOUT = "java\\.(io\\.InterruptedIOException: timeout|net\\.SocketTimeoutException: Read timed out)( <- .*)?";
    /**
     * openai-java's stream failing on that timeout, Chat Completions and Responses alike: a pattern for a
     * {@link ChatResult#summary()} after its {@code error }, shared with {@link ResponsesExpectations}.
     */
    static final String OPENAI_TIMEOUT = "com\\.openai\\.errors\\.OpenAIIoException: Stream failed <- cause: " + TIMEOUT;
    private static final String STALL_TIMEOUT_OPENAI = "regex:error " + OPENAI_TIMEOUT;
    private static final String STALL_TIMEOUT_ANTHROPIC = "regex:error com\\.anthropic\\.errors\\.AnthropicIoException: Stream failed <- cause: " + TIMEOUT;
    private static final String BLOCK_STARTED_TWICE = "error com.anthropic.errors.AnthropicInvalidDataException: Content block already started for index 0.";
    private static final String MESSAGE_STARTED_TWICE = "error com.anthropic.errors.AnthropicInvalidDataException: 'message_start' event already received.";
    private static final String NO_MESSAGE_STOP = "error java.lang.IllegalStateException: 'message_stop' event not yet received.";
    private static final String USAGE_NOT_SET = "error com.anthropic.errors.AnthropicInvalidDataException: `usage` is not set";
    private static final String USAGE_NULL = "error com.anthropic.errors.AnthropicInvalidDataException: `usage` is null";

    /**
     * Spring AI 1.x's OpenAiChatModel merges the chunks of a tool call by their id and index (windowing them
     * until the call ends), so a repeated or changed id splits the call, and it keeps the last name fragment.
     */
    private static final Map<String, String> SPRING_AI1_OPENAI_BROKEN = Map.ofEntries(
            Map.entry("openai/d03-repeated-id", "completed tools=[call_1 get_weather , call_1 null {\"city\":, call_1 null \"Paris\"}] finish=TOOL_CALLS"),
            Map.entry("openai/d04-name-fragments", "completed tools=[call_1 weather " + PARIS + "] finish=TOOL_CALLS"),
            Map.entry("openai/d08-object-arguments", "error java.lang.RuntimeException: Failed to json: {\"id\":\"chatcmpl-1\"…"),
            Map.entry("openai/d10-resent-arguments", "completed tools=[call_1 get_weather " + PARIS + PARIS + "] finish=TOOL_CALLS"),
            Map.entry("openai/d11-empty-finish-reason", "completed tools=[call_1 get_weather " + PARIS + "] finish=UNKNOWN"),
            Map.entry("openai/d11-stop-after-tool-calls", "completed tools=[call_1 get_weather " + PARIS + "] finish=STOP"),
            Map.entry("openai/d12-upstream-error", "completed text=Partial"),
            Map.entry("openai/d15-cut-mid-arguments", "completed tools=[call_1 get_weather {\"city\":]"),
            Map.entry("openai/d15-cut-mid-event", "error java.lang.RuntimeException: Failed to json: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created"
                    + " <- cause: com.fasterxml.jackson.core.io.JsonEOFException: Unexpected end-of-input in field name…"),
            Map.entry("openai/d21-extra-bracket", "completed tools=[call_1 get_weather {\"city\":\"Paris\"}}] finish=TOOL_CALLS"),
            Map.entry("openai/d21-invalid-arguments", "completed tools=[call_1 get_weather {\"city\":\"Paris\"] finish=TOOL_CALLS"),
            Map.entry("openai/d22-cr", "completed"),
            Map.entry("openai/d27-changed-id", "completed tools=[call_1 get_weather , call_1_2 null {\"city\":, call_1_3 null \"Paris\"}] finish=TOOL_CALLS"),
            Map.entry("openai/d27-late-id", "completed tools=[null get_weather , call_1 null " + PARIS + "] finish=TOOL_CALLS"),
            Map.entry("openai/d31-dashscope-error", "completed text=Partial"),
            Map.entry("openai/d31-flat-error", "completed text=Partial"),
            Map.entry("openai/d32-html-page", "completed"),
            Map.entry("openai/d32-json-error", "completed"),
            Map.entry("openai/d35-metadata-only-delta", "error java.lang.NullPointerException: Cannot invoke "
                    + "\"org.springframework.ai.openai.api.OpenAiApi$ChatCompletionMessage$ChatCompletionFunction.name()\" because \"current\" is null"),
            Map.entry("openai/d44-byte-order-mark", "completed finish=STOP"),
            Map.entry("openai/litellm-combined", "completed tools=[call_1 get_weather , call_1 get_weather {\"city\":, call_1 get_weather \"Paris\"}] finish=STOP"));

    /**
     * Spring AI 1.x's AnthropicChatModel: it ignores an error event and completes (its application gets the text
     * before it), completes a cut stream, and waits for ever on a connection held open (it sets no read timeout).
     */
    private static final Map<String, String> SPRING_AI1_ANTHROPIC_BROKEN = Map.ofEntries(
            Map.entry("anthropic/d16-input-in-start", "completed tools=[toolu_1 get_weather {}] finish=tool_use"),
            Map.entry("anthropic/d17-lost-input-required", "completed tools=[toolu_1 get_weather {}] finish=tool_use"),
            Map.entry("anthropic/d19-truncated", "completed"),
            Map.entry("anthropic/d21-invalid-input", "error java.lang.RuntimeException: com.fasterxml.jackson.core.io.JsonEOFException: "
                    + "Unexpected end-of-input: expected close marker for Object…"),
            Map.entry("anthropic/d36-tool-started-while-tool-open", "completed tools=[toolu_2 now " + PARIS + "] finish=tool_use"),
            Map.entry("anthropic/d37-second-message", "completed text=Hello world finish=end_turn"),
            Map.entry("anthropic/d41-block-without-stop", "completed"),
            Map.entry("anthropic/d41-cut-input-at-message-delta", "completed finish=tool_use"),
            Map.entry("anthropic/error-event", "completed text=Partial"),
            // An error in another shape is no event type it knows: it fails with the raw JSON, where the agent
            // gives the reference error event, which it then drops.
            Map.entry("anthropic/d31-flat-error-event", "error java.lang.RuntimeException: Failed to json: {\"code\":\"Throttling.RateQuota\"…"),
            Map.entry("anthropic/d31-flat-error-unnamed", "error java.lang.RuntimeException: Failed to json: {\"code\":429…"),
            Map.entry("anthropic/d40-untyped-error", "error java.lang.RuntimeException: Failed to json: {\"error\":{\"type\":\"overloaded_error\"…"),
            Map.entry("anthropic/compliant-tool-use+stall", "hang"),
            Map.entry("anthropic/compliant-tool-use+pings", "hang"));

    /**
     * Azure's azure-ai-openai: it follows tool calls by id (a delta without one continues the last, as its
     * samples accumulate them), types a tool call without {@code "type":"function"} as the base class (the
     * samples' cast fails), and reads a chunk without {@code choices} as one whose list is null.
     */
    private static final String AZURE_NO_CHOICES = "error java.lang.NullPointerException: Cannot invoke \"java.util.List.iterator()\" "
            + "because the return value of \"com.azure.ai.openai.models.ChatCompletions.getChoices()\" is null";
    /** The guard's D32 failure, as an application on azure-ai-openai gets it (a pattern). */
    private static final String NO_EVENTS = "error .*streamguard: the upstream sent no events: .*";
    private static final String AZURE_UNTYPED_CALL = "error java.lang.ClassCastException: class com.azure.ai.openai.models.ChatCompletionsToolCall "
            + "cannot be cast to class com.azure.ai.openai.models.ChatCompletionsFunctionToolCall…";
    private static final Map<String, String> AZURE_OPENAI_BROKEN = Map.ofEntries(
            Map.entry("openai/d03-repeated-id", "completed tools=[call_1 get_weather , call_1 null {\"city\":, call_1 null \"Paris\"}] finish=tool_calls"),
            Map.entry("openai/d04-repeated-name", "completed tools=[call_1 get_weatherget_weatherget_weather " + PARIS + "] finish=tool_calls"),
            Map.entry("openai/d05-empty-continuation-fields", AZURE_UNTYPED_CALL),
            Map.entry("openai/d08-object-arguments", "completed tools=[call_1 get_weather ] finish=tool_calls"),
            Map.entry("openai/d10-resent-arguments", "completed tools=[call_1 get_weather " + PARIS + PARIS + "] finish=tool_calls"),
            Map.entry("openai/d11-empty-finish-reason", "completed tools=[call_1 get_weather " + PARIS + "] finish="),
            Map.entry("openai/d11-stop-after-tool-calls", "completed tools=[call_1 get_weather " + PARIS + "] finish=stop"),
            Map.entry("openai/d12-upstream-error", AZURE_NO_CHOICES),
            Map.entry("openai/d13-content-after-done", "completed text=Hi (after [DONE]) finish=length"),
            Map.entry("openai/d15-cut-mid-arguments", "completed tools=[call_1 get_weather {\"city\":]"),
            Map.entry("openai/d15-cut-mid-event", "completed tools=[call_1 get_weather {\"city\":]"),
            Map.entry("openai/d21-extra-bracket", "completed tools=[call_1 get_weather {\"city\":\"Paris\"}}] finish=tool_calls"),
            Map.entry("openai/d21-invalid-arguments", "completed tools=[call_1 get_weather {\"city\":\"Paris\"] finish=tool_calls"),
            Map.entry("openai/d27-changed-id", "completed tools=[call_1 get_weather , call_1_2 null {\"city\":, call_1_3 null \"Paris\"}] finish=tool_calls"),
            Map.entry("openai/d27-late-id", "completed tools=[null get_weather , call_1 null " + PARIS + "] finish=tool_calls"),
            Map.entry("openai/d29-empty-events", "error java.lang.IllegalStateException: Failed to deserialize the data value…"),
            Map.entry("openai/d31-dashscope-error", "error java.lang.IllegalStateException: Invalid Json format HTTP_STATUS/429"),
            Map.entry("openai/d31-flat-error", AZURE_NO_CHOICES),
            Map.entry("openai/d32-html-page", "error java.lang.IllegalStateException: Invalid data format <html>"),
            Map.entry("openai/d32-json-error", AZURE_NO_CHOICES),
            Map.entry("openai/d35-metadata-only-delta", AZURE_UNTYPED_CALL),
            Map.entry("openai/litellm-combined", "completed tools=[call_1 get_weather , call_1 get_weather {\"city\":, call_1 get_weather \"Paris\"}] finish=stop"),
            // Its 5 s read timeout fires in some runs within the 10 s the test waits, and not in others.
            Map.entry("openai/compliant-tool-call+stall", "regex:hang|error reactor\\.core\\.Exceptions\\$ReactiveException: "
                    + "java\\.util\\.concurrent\\.TimeoutException: Channel read timed out after 5000 milliseconds\\..*"));

    /** LangChain4j's OpenAiStreamingChatModel, the same on either HTTP client. */
    private static final Map<String, String> LANGCHAIN4J_OPENAI_BROKEN = Map.ofEntries(
            Map.entry("openai/d03-repeated-id", "completed tools=[call_1call_1call_1 get_weather " + PARIS + "] finish=TOOL_EXECUTION"),
            Map.entry("openai/d04-repeated-name", "completed tools=[call_1 get_weatherget_weatherget_weather " + PARIS + "] finish=TOOL_EXECUTION"),
            Map.entry("openai/d07-colliding-index", "completed tools=[call_acall_b get_weatherget_time " + PARIS + "{\"tz\":\"CET\"}] finish=TOOL_EXECUTION"),
            Map.entry("openai/d08-object-arguments", "error java.lang.RuntimeException: com.fasterxml.jackson.databind.exc.MismatchedInputException: "
                    + "Cannot deserialize value of type `java.lang.String` from Object value…"),
            Map.entry("openai/d10-resent-arguments", "completed tools=[call_1 get_weather " + PARIS + PARIS + "] finish=TOOL_EXECUTION"),
            Map.entry("openai/d11-empty-finish-reason", "completed tools=[call_1 get_weather " + PARIS + "]"),
            Map.entry("openai/d11-stop-after-tool-calls", "completed tools=[call_1 get_weather " + PARIS + "] finish=STOP"),
            Map.entry("openai/d12-upstream-error", "completed text=Partial"),
            Map.entry("openai/d13-content-after-done", "completed text=Hi (after [DONE]) finish=LENGTH"),
            Map.entry("openai/d15-cut-mid-arguments", "completed tools=[call_1 get_weather {\"city\":]"),
            Map.entry("openai/d15-cut-mid-event", "error java.lang.RuntimeException: com.fasterxml.jackson.core.io.JsonEOFException: Unexpected end-of-input…"),
            Map.entry("openai/d21-extra-bracket", "completed tools=[call_1 get_weather {\"city\":\"Paris\"}}] finish=TOOL_EXECUTION"),
            Map.entry("openai/d21-invalid-arguments", "completed tools=[call_1 get_weather {\"city\":\"Paris\"] finish=TOOL_EXECUTION"),
            Map.entry("openai/litellm-combined", "completed tools=[call_1call_1call_1 get_weatherget_weatherget_weather " + PARIS + "] finish=STOP"),
            Map.entry("openai/d27-changed-id", "completed tools=[call_1call_1_2call_1_3 get_weather " + PARIS + "] finish=TOOL_EXECUTION"),
            Map.entry("openai/d27-late-name", "error java.lang.IllegalArgumentException: name cannot be null or blank notes=[then onCompleteResponse]"),
            Map.entry("openai/d31-dashscope-error", "error java.lang.RuntimeException: {\"code\":\"Throttling.RateQuota\",\"message\":"
                    + "\"Requests rate limit exceeded, please try again later.\",\"request_id\":\"req-1\"} notes=[then onCompleteResponse]"),
            Map.entry("openai/d31-flat-error", "completed text=Partial"),
            Map.entry("openai/d32-html-page", "completed"),
            Map.entry("openai/d32-json-error", "completed"),
            Map.entry("openai/d34-negative-index", "error java.lang.IllegalArgumentException: index must not be negative, but is: -1…"),
            Map.entry("openai/d44-byte-order-mark", "completed finish=STOP"),
            Map.entry("openai/compliant-tool-call+stall", "hang"));

    /** LangChain4j's AnthropicStreamingChatModel, the same on either HTTP client. */
    private static final Map<String, String> LANGCHAIN4J_ANTHROPIC_BROKEN = Map.ofEntries(
            Map.entry("anthropic/d10-resent-input", "completed tools=[toolu_1 get_weather " + PARIS + PARIS + "] finish=TOOL_EXECUTION"),
            Map.entry("anthropic/d16-input-in-start", "completed tools=[toolu_1 get_weather {}] finish=TOOL_EXECUTION"),
            Map.entry("anthropic/d17-lost-input-required", "completed tools=[toolu_1 get_weather {}] finish=TOOL_EXECUTION"),
            Map.entry("anthropic/d18-unnamed-events", "hang"),
            Map.entry("anthropic/d19-missing-message-stop", "hang"),
            Map.entry("anthropic/d19-truncated", "hang"),
            Map.entry("anthropic/d21-invalid-input", "completed tools=[toolu_1 get_weather {\"city\": \"Paris\"] finish=TOOL_EXECUTION"),
            Map.entry("anthropic/d41-block-without-stop", "completed finish=TOOL_EXECUTION"),
            Map.entry("anthropic/d41-cut-input-at-message-delta", "hang"),
            Map.entry("anthropic/compliant-tool-use+pings", "hang"),
            // D31 and D40: it looks for error.message and, without a message_stop, never completes.
            Map.entry("anthropic/d31-flat-error-event", "hang"),
            Map.entry("anthropic/d31-flat-error-unnamed", "hang"),
            // D36: the text of a text block without its stop is lost; a reused index alone does no harm.
            Map.entry("anthropic/d36-block-started-while-open", "completed tools=[toolu_1 get_weather " + PARIS + "] finish=TOOL_EXECUTION"),
            Map.entry("anthropic/d36-index-reused-while-open", "completed tools=[toolu_1 get_weather " + PARIS + "] finish=TOOL_EXECUTION"),
            // D37: a repeat of the same message is harmless; a second message is joined to the first.
            Map.entry("anthropic/d37-second-message", "completed text=Hello\n world finish=STOP"),
            // D38: a missing usage counts as zero. D39: the thinking is not asked for (no returnThinking).
            Map.entry("anthropic/d40-untyped-error", "hang"));

    /** Without the agent: the streams that break each SDK, and what its application gets. */
    static final Map<Sdk, Map<String, String>> BROKEN_WITHOUT_AGENT = Map.ofEntries(
            Map.entry(Sdk.OPENAI_JAVA, Map.ofEntries(
                    Map.entry("openai/d04-name-fragments", "completed tools=[call_1 get_ " + PARIS + "] finish=tool_calls"),
                    Map.entry("openai/d06-missing-index", "error com.openai.errors.OpenAIInvalidDataException: `index` is not set"),
                    Map.entry("openai/d06-missing-index-continuations", "error com.openai.errors.OpenAIInvalidDataException: `index` is not set"),
                    Map.entry("openai/d07-colliding-index", "completed tools=[call_a get_weather " + PARIS + "{\"tz\":\"CET\"}] finish=tool_calls"),
                    Map.entry("openai/d08-object-arguments", "error com.openai.errors.OpenAIInvalidDataException: `arguments` is invalid, received {city=Paris, days=[1, 2]}"),
                    Map.entry("openai/d10-resent-arguments", "completed tools=[call_1 get_weather " + PARIS + PARIS + "] finish=tool_calls"),
                    Map.entry("openai/d11-empty-finish-reason", "error java.lang.IllegalStateException: Already accumulated the final chunk(s)."),
                    Map.entry("openai/d11-stop-after-tool-calls", "completed tools=[call_1 get_weather " + PARIS + "] finish=stop"),
                    Map.entry("openai/d12-upstream-error", "error com.openai.errors.SseException: 200: CUDA out of memory"),
                    Map.entry("openai/d15-cut-mid-arguments", "error java.lang.IllegalStateException: Final chat completion chunk(s) not yet received."),
                    Map.entry("openai/d15-cut-mid-event", "error java.lang.IllegalStateException: Final chat completion chunk(s) not yet received."),
                    Map.entry("openai/d21-extra-bracket", "completed tools=[call_1 get_weather {\"city\":\"Paris\"}}] finish=tool_calls"),
                    Map.entry("openai/d21-invalid-arguments", "completed tools=[call_1 get_weather {\"city\":\"Paris\"] finish=tool_calls"),
                    Map.entry("openai/d23-usage-on-choice-chunk", "error java.lang.IllegalStateException: `choices` is required, but was not set"),
                    Map.entry("openai/d24-finish-on-every-chunk", "error java.lang.IllegalStateException: Already accumulated the final chunk(s)."),
                    Map.entry("openai/d24-repeated-finish", "error java.lang.IllegalStateException: Already accumulated the final chunk(s)."),
                    Map.entry("openai/d24-stop-before-content", "error java.lang.IllegalStateException: Already accumulated the final chunk(s)."),
                    Map.entry("openai/d25-usage-on-every-chunk", "error java.lang.IllegalStateException: `id` is required, but was not set"),
                    Map.entry("openai/d26-missing-identity", "error com.openai.errors.OpenAIInvalidDataException: `id` is not set"),
                    Map.entry("openai/d27-late-id", "error com.openai.errors.OpenAIInvalidDataException: `id` is not set"),
                    Map.entry("openai/d27-late-name", "error com.openai.errors.OpenAIInvalidDataException: `name` is not set"),
                    Map.entry("openai/d29-empty-events", "error java.lang.NullPointerException: Parameter specified as non-null is null: "
                            + "method com.openai.helpers.ChatCompletionAccumulator.accumulate, parameter chunk"),
                    Map.entry("openai/d30-empty-error", "error com.openai.errors.SseException: 200: null"),
                    Map.entry("openai/d31-dashscope-error", "error com.openai.errors.OpenAIInvalidDataException: `id` is not set"),
                    Map.entry("openai/d31-flat-error", "error com.openai.errors.OpenAIInvalidDataException: `id` is not set"),
                    Map.entry("openai/d32-html-page", "error java.lang.IllegalStateException: Final chat completion chunk(s) not yet received."),
                    Map.entry("openai/d32-json-error", "error java.lang.IllegalStateException: Final chat completion chunk(s) not yet received."),
                    Map.entry("openai/d35-metadata-only-delta", "error com.openai.errors.OpenAIInvalidDataException: `index` is not set"),
                    Map.entry("openai/d44-byte-order-mark", "completed finish=stop"),
                    Map.entry("openai/litellm-combined", "error java.lang.IllegalStateException: `choices` is required, but was not set"))),
            Map.entry(Sdk.ANTHROPIC_JAVA, Map.ofEntries(
                    Map.entry("anthropic/d16-input-in-start", "error com.anthropic.errors.AnthropicInvalidDataException: Missing input JSON for index 0."),
                    Map.entry("anthropic/d17-lost-input-required", "error com.anthropic.errors.AnthropicInvalidDataException: Missing input JSON for index 0."),
                    Map.entry("anthropic/d17-no-parameters", "error com.anthropic.errors.AnthropicInvalidDataException: Missing input JSON for index 0."),
                    Map.entry("anthropic/d18-unnamed-events", "error java.lang.IllegalStateException: 'message_stop' event not yet received."),
                    Map.entry("anthropic/d19-missing-message-stop", "error java.lang.IllegalStateException: 'message_stop' event not yet received."),
                    Map.entry("anthropic/d19-truncated", "error java.lang.IllegalStateException: 'message_stop' event not yet received."),
                    Map.entry("anthropic/d21-invalid-input", "completed tools=[toolu_1 get_weather {}] finish=tool_use"),
                    Map.entry("anthropic/d28-message-stop-without-blank-line", "error java.lang.IllegalStateException: 'message_stop' event not yet received."),
                    Map.entry("anthropic/d29-event-name-cut-from-its-data", "completed text=, world finish=end_turn"),
                    Map.entry("anthropic/d41-block-without-stop", "completed tools=[toolu_1 get_weather {}] finish=tool_use"),
                    Map.entry("anthropic/d41-cut-input-at-message-delta", "error java.lang.IllegalStateException: 'message_stop' event not yet received."),
                    Map.entry("anthropic/compliant-tool-use+stall", STALL_TIMEOUT_ANTHROPIC),
                    Map.entry("anthropic/compliant-tool-use+pings", STALL_TIMEOUT_ANTHROPIC),
                    // D31 as DashScope names it reads correctly here: an SseException whose message is the raw JSON.
                    Map.entry("anthropic/d31-flat-error-unnamed", NO_MESSAGE_STOP),
                    // D36: blocks that overlap without reusing an index are read correctly.
                    Map.entry("anthropic/d36-index-reused-after-stop", BLOCK_STARTED_TWICE),
                    Map.entry("anthropic/d36-index-reused-while-open", BLOCK_STARTED_TWICE),
                    Map.entry("anthropic/d37-repeated-message-start", MESSAGE_STARTED_TWICE),
                    Map.entry("anthropic/d37-second-message", MESSAGE_STARTED_TWICE),
                    Map.entry("anthropic/d38-no-usage", USAGE_NOT_SET),
                    Map.entry("anthropic/d38-null-usage-in-delta", USAGE_NULL),
                    // D39 breaks nothing the application reads: ThinkingBlock.signature() throws only when called,
                    // and the application here reads text and tool calls only.
                    Map.entry("anthropic/d40-untyped-error", NO_MESSAGE_STOP))),
            Map.entry(Sdk.LANGCHAIN4J_OPENAI, LANGCHAIN4J_OPENAI_BROKEN),
            Map.entry(Sdk.LANGCHAIN4J_ANTHROPIC, LANGCHAIN4J_ANTHROPIC_BROKEN),
            // On Spring's RestClient a stalled stream ends in the socket's read timeout (LangChain4j's timeout).
            Map.entry(Sdk.LANGCHAIN4J_OPENAI_RESTCLIENT, amending(LANGCHAIN4J_OPENAI_BROKEN, Map.of("openai/compliant-tool-call+stall",
                    "error dev.langchain4j.exception.LangChain4jException: Read timed out <- cause: java.net.SocketTimeoutException: Read timed out"
                            + " notes=[then onCompleteResponse]"))),
            // The same model on the Quarkus REST client, which parses each event into the model's chunk class
            // itself: what it cannot map is dropped or never ends the call, and a cut event ends it as complete.
            Map.entry(Sdk.QUARKUS_LANGCHAIN4J_OPENAI, amending(LANGCHAIN4J_OPENAI_BROKEN, Map.of(
                    "openai/d08-object-arguments", "completed finish=TOOL_EXECUTION",
                    "openai/d15-cut-mid-event", "completed tools=[call_1 get_weather {\"city\":]",
                    "openai/d26-missing-identity", "completed text=Hi finish=STOP",
                    "openai/d27-late-name", "hang",
                    "openai/d31-dashscope-error", "completed text=Partial",
                    "openai/d34-negative-index", "hang",
                    "openai/d35-metadata-only-delta", "hang"))),
            Map.entry(Sdk.LANGCHAIN4J_ANTHROPIC_RESTCLIENT, LANGCHAIN4J_ANTHROPIC_BROKEN),
            Map.entry(Sdk.SPRING_AI_OPENAI, Map.ofEntries(
                    Map.entry("openai/d04-name-fragments", "completed tools=[call_1 get_ " + PARIS + "] finish=TOOL_CALLS"),
                    Map.entry("openai/d06-missing-index", "error com.openai.errors.OpenAIInvalidDataException: `index` is not set"),
                    Map.entry("openai/d06-missing-index-continuations", "error com.openai.errors.OpenAIInvalidDataException: `index` is not set"),
                    Map.entry("openai/d07-colliding-index", "completed tools=[call_a get_weather " + PARIS + "{\"tz\":\"CET\"}] finish=TOOL_CALLS"),
                    Map.entry("openai/d08-object-arguments", "error com.openai.errors.OpenAIInvalidDataException: `arguments` is invalid, received {city=Paris, days=[1, 2]}"),
                    Map.entry("openai/d10-resent-arguments", "completed tools=[call_1 get_weather " + PARIS + PARIS + "] finish=TOOL_CALLS"),
                    Map.entry("openai/d11-empty-finish-reason", "completed tools=[call_1 get_weather " + PARIS + "]"),
                    Map.entry("openai/d11-stop-after-tool-calls", "completed tools=[call_1 get_weather " + PARIS + "] finish=STOP"),
                    Map.entry("openai/d12-upstream-error", "error com.openai.errors.SseException: 200: CUDA out of memory"),
                    Map.entry("openai/d26-missing-identity", "error com.openai.errors.OpenAIInvalidDataException: `id` is not set"),
                    Map.entry("openai/d29-empty-events", "error java.lang.NullPointerException: t is null in sink.next(t)"),
                    Map.entry("openai/d30-empty-error", "error com.openai.errors.SseException: 200: null"),
                    Map.entry("openai/d31-dashscope-error", "error com.openai.errors.OpenAIInvalidDataException: `choices` is not set"),
                    Map.entry("openai/d31-flat-error", "error com.openai.errors.OpenAIInvalidDataException: `choices` is not set"),
                    Map.entry("openai/d32-html-page", "completed"),
                    Map.entry("openai/d32-json-error", "completed"),
                    Map.entry("openai/d35-metadata-only-delta", "error com.openai.errors.OpenAIInvalidDataException: `index` is not set"),
                    Map.entry("openai/d44-byte-order-mark", "completed finish=STOP"),
                    Map.entry("openai/d15-cut-mid-arguments", "completed tools=[call_1 get_weather {\"city\":]"),
                    Map.entry("openai/d15-cut-mid-event", "completed tools=[call_1 get_weather {\"city\":]"),
                    Map.entry("openai/d21-extra-bracket", "completed tools=[call_1 get_weather {\"city\":\"Paris\"}}] finish=TOOL_CALLS"),
                    Map.entry("openai/d21-invalid-arguments", "completed tools=[call_1 get_weather {\"city\":\"Paris\"] finish=TOOL_CALLS"),
                    Map.entry("openai/litellm-combined", "completed tools=[call_1 get_weather " + PARIS + "] finish=STOP"),
                    Map.entry("openai/compliant-tool-call+stall", STALL_TIMEOUT_OPENAI))),
            Map.entry(Sdk.SPRING_AI_ANTHROPIC, Map.ofEntries(
                    Map.entry("anthropic/d10-resent-input", "completed tools=[toolu_1 get_weather " + PARIS + PARIS + "] finish=tool_use"),
                    Map.entry("anthropic/d16-input-in-start", "completed tools=[toolu_1 get_weather ] finish=tool_use"),
                    Map.entry("anthropic/d17-lost-input-required", "completed tools=[toolu_1 get_weather ] finish=tool_use"),
                    Map.entry("anthropic/d18-unnamed-events", "completed"),
                    Map.entry("anthropic/d29-event-name-cut-from-its-data", "error java.lang.NullPointerException: The iterator returned a null value"),
                    Map.entry("anthropic/d19-truncated", "completed"),
                    Map.entry("anthropic/d21-invalid-input", "completed tools=[toolu_1 get_weather {\"city\": \"Paris\"] finish=tool_use"),
                    Map.entry("anthropic/d41-block-without-stop", "completed finish=tool_use"),
                    Map.entry("anthropic/d41-cut-input-at-message-delta", "completed finish=tool_use"),
                    Map.entry("anthropic/compliant-tool-use+stall", STALL_TIMEOUT_ANTHROPIC),
                    Map.entry("anthropic/compliant-tool-use+pings", STALL_TIMEOUT_ANTHROPIC),
                    // D31 as DashScope names it reads correctly here: an SseException whose message is the raw JSON.
                    Map.entry("anthropic/d31-flat-error-unnamed", "completed text=Partial"),
                    // D36: it follows one tool at a time; text blocks and reused indexes do no harm.
                    Map.entry("anthropic/d36-tool-started-while-tool-open", "completed tools=[toolu_2 now ] finish=tool_use"),
                    Map.entry("anthropic/d37-second-message", "completed text=Hello world finish=end_turn"),
                    Map.entry("anthropic/d38-no-usage", USAGE_NOT_SET),
                    Map.entry("anthropic/d38-null-usage-in-delta", USAGE_NULL),
                    // D39: a thinking block without a signature is left out of the message's thinking, which the
                    // application here does not read.
                    Map.entry("anthropic/d40-untyped-error", "completed text=Partial"))),
            // On Reactor Netty only: see Sdk.runsWithoutTheAgent.
            Map.entry(Sdk.SPRING_AI1_OPENAI, SPRING_AI1_OPENAI_BROKEN),
            Map.entry(Sdk.SPRING_AI1_ANTHROPIC, SPRING_AI1_ANTHROPIC_BROKEN),
            Map.entry(Sdk.AZURE_OPENAI, AZURE_OPENAI_BROKEN));

    /**
     * With the agent: what it leaves as it is (a client not named here: nothing). A tool name split in
     * fragments (D4's genuine fragments pass by design) reaches the SDKs that keep a fragment as it came.
     */
    static final Map<Sdk, Map<String, String>> UNREPAIRED_WITH_AGENT = Map.of(
            Sdk.OPENAI_JAVA, Map.of(
                    "openai/d04-name-fragments", "completed tools=[call_1 get_ " + PARIS + "] finish=tool_calls"),
            Sdk.SPRING_AI_OPENAI, Map.of(
                    "openai/d04-name-fragments", "completed tools=[call_1 get_ " + PARIS + "] finish=TOOL_CALLS"),
            // D22: a line ended by CR alone is an event-stream line end, so the guard passes it unchanged, and
            // Spring's event-stream reader (which splits on LF) sees no event in it.
            Sdk.SPRING_AI1_OPENAI, Map.of(
                    "openai/d04-name-fragments", "completed tools=[call_1 weather " + PARIS + "] finish=TOOL_CALLS",
                    "openai/d22-cr", "completed"),
            // On the JDK HttpClient connector WebClient streams the request body from a publisher, which the
            // guard does not subscribe to a second time: without the request it cannot tell that a body without
            // events answers a streaming request (D32), nor which tool arguments the schema requires (D17).
            Sdk.SPRING_AI1_OPENAI_JDK, Map.of(
                    "openai/d04-name-fragments", "completed tools=[call_1 weather " + PARIS + "] finish=TOOL_CALLS",
                    "openai/d22-cr", "completed",
                    "openai/d32-html-page", "completed",
                    "openai/d32-json-error", "completed"),
            Sdk.SPRING_AI1_ANTHROPIC_JDK, Map.of(
                    "anthropic/d17-lost-input-required", "completed tools=[toolu_1 get_weather {}] finish=tool_use"),
            // D32: the SDK's own parser may fail on the body's first line before the body ends, which is when
            // the guard can tell that it held no event: the application gets the SDK's error or the guard's.
            Sdk.AZURE_OPENAI, Map.of(
                    "openai/d32-html-page", "regex:error java\\.lang\\.IllegalStateException: Invalid data format <html>|" + NO_EVENTS,
                    "openai/d32-json-error", "regex:" + java.util.regex.Pattern.quote(AZURE_NO_CHOICES) + "|" + NO_EVENTS));

    private SdkExpectations() {
    }

    /** A copy of a client's expectations with some streams' replaced or added. */
    private static Map<String, String> amending(Map<String, String> expectations, Map<String, String> changes) {
        Map<String, String> copy = new java.util.HashMap<>(expectations);
        copy.putAll(changes);
        return Map.copyOf(copy);
    }

    static boolean matches(String documented, String summary) {
        if (documented.startsWith("regex:")) {
            return summary.matches(documented.substring("regex:".length()));
        }
        return documented.endsWith("…") ? summary.startsWith(documented.substring(0, documented.length() - 1)) : summary.equals(documented);
    }

    /**
     * The exact failure the SDK's application must get with the agent, or null: the fixture's, or for a client
     * that reads through a reactive framework the one of its error event ({@code anthropic.error-event=auto}).
     */
    static String failure(Sdk sdk, SdkStream stream) {
        return sdk.readsThroughAReactiveFramework() && stream.reactiveFailure != null ? stream.reactiveFailure : stream.failure;
    }

    /** What is wrong with what the SDK's application saw of a stream (empty when it is as documented). */
    static List<String> problems(Sdk sdk, SdkStream stream, ChatResult seen, boolean withAgent) {
        List<String> problems = new ArrayList<>();
        String failure = failure(sdk, stream);
        String summary = seen.summary();
        String documented = (withAgent ? UNREPAIRED_WITH_AGENT : BROKEN_WITHOUT_AGENT).getOrDefault(sdk, Map.of()).get(stream.name);
        if (documented != null) {
            if (!matches(documented, summary)) {
                problems.add(stream + ": documented '" + documented + "', saw '" + summary + "'");
            }
            if (failure == null && stream.reference().differences(seen, sdk).isEmpty()) {
                problems.add(stream + ": documented as broken but read correctly: " + summary);
            }
            return problems;
        }
        if (withAgent && failure != null) {
            if (seen.hung() || !seen.failedWith(failure)) {
                problems.add(stream + ": expected the failure '" + failure + "', saw '" + summary + "'");
            }
            return problems;
        }
        if (failure != null) {
            problems.add(stream + ": a stream the agent fails must be documented for the SDK without it; saw '" + summary + "'");
            return problems;
        }
        List<String> differences = stream.reference().differences(seen, sdk);
        if (!differences.isEmpty()) {
            problems.add(stream + ": " + differences + "; saw '" + summary + "', meaning " + stream.reference());
        }
        return problems;
    }
}
