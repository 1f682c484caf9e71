package dev.streamguard.core;

/** The deviation catalog of DESIGN.md: every rule the guard applies is reported under one of these ids. */
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
    D13("[DONE] repeated, data after [DONE], or [DONE] in an Anthropic stream"),
    D14("no [DONE] although every choice finished"),
    D15("body ended before the stream finished"),
    D16("tool_use input in content_block_start"),
    D17("tool_use block without any input_json_delta"),
    D18("Anthropic event without an event: line"),
    D19("Anthropic body ended before message_stop"),
    D20("tool arguments over a cap"),
    D21("tool arguments not valid JSON"),
    D22("CR or CRLF line endings, or data: without a space"),
    D23("usage on a chunk that carries choices");

    private final String description;

    Deviation(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
