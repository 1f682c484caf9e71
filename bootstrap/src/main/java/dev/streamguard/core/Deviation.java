package dev.streamguard.core;

/**
 * The deviation catalog (docs/DESIGN.md): every rule the guard applies is reported under one of these ids (D for
 * Chat Completions and Anthropic streams, R for OpenAI Responses streams, G for Gemini streams).
 */
public enum Deviation {
    D1("tool call type repeated on a continuation delta"),
    D2("role repeated on a later chunk"),
    D3("tool call id repeated on a continuation delta"),
    D4("function name repeated on a continuation delta"),
    D5("empty id, type or name on a continuation delta"),
    D6("tool call delta without index"),
    D7("new tool call at an index already in use"),
    D8("arguments sent as a JSON value instead of a string"),
    D9("arguments null"),
    D10("whole arguments sent again"),
    D11("finish_reason not tool_calls after tool calls, or empty"),
    D12("error object in the stream"),
    D13("[DONE] repeated, data after the terminal event, or [DONE] in an Anthropic stream"),
    D14("no [DONE] although every choice finished"),
    D15("body ended before the stream finished"),
    D16("tool_use input in content_block_start"),
    D17("tool_use block without any input_json_delta"),
    D18("Anthropic event without an event: line"),
    D19("Anthropic body ended before message_stop"),
    D20("tool arguments over a cap"),
    D21("tool arguments not valid JSON"),
    D22("CR or CRLF line endings, or data: without a space"),
    D23("usage on a chunk that carries choices"),
    D24("more than one finish for a choice, or deltas after its finish"),
    D25("usage on every chunk, not only on a final usage chunk"),
    D26("chunk without id, model or created"),
    D27("tool call id or name arrived after the call's first delta, or the id changed within the call"),
    D28("last event without a blank line at the end of the body"),
    D29("event without data, or an event name cut from its data"),
    D30("empty error member (null, false, \"\" or {})"),
    D31("upstream error in another shape (code and message, or event: error)"),
    D32("no events at all in the response to an LLM streaming request"),
    D33("reasoning instead of reasoning_content"),
    D34("tool call indexes not dense from 0 (start at 1, negative, or skipping)"),
    D35("metadata-only tool call delta (no index or function)"),
    D36("content block index reused, or a block started while another is open"),
    D37("message_start repeated"),
    D38("message_start or message_delta without usage"),
    D39("thinking block without signature, or its signature in a thinking_delta"),
    D40("Anthropic error without an event name or type"),
    D41("tool_use block still open when the message ended"),
    D42("connection held open after the terminal event"),
    D43("no message_stop after the stop_reason, only pings"),
    D44("protocol not recognisable from the first event, or a byte order mark before it"),
    D45("tool call written as text markup in the content"),
    R1("Responses terminal event without its output, or without id, model or created_at"),
    R2("Responses body ended before a terminal event"),
    R3("Responses output item not announced, or its id or output_index inconsistent"),
    R4("Responses error event or response.failed"),
    R5("Responses sequence_number missing or not increasing"),
    R6("Responses function call arguments over a cap or not valid JSON"),
    G1("Gemini body ended before every candidate had a finishReason"),
    G2("Gemini error object in the stream"),
    G3("Gemini function call arguments over a cap or not valid JSON"),
    G4("Gemini candidate finished for a reason other than STOP or MAX_TOKENS, or the prompt was blocked"),
    G5("Gemini connection held open after every candidate finished");

    private final String description;

    Deviation(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
