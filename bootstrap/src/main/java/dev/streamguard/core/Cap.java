package dev.streamguard.core;

import dev.streamguard.config.Setting;

/** The limits of D20; each names the setting that raises it. */
public enum Cap {
    CALL_ARGUMENTS(Setting.TOOL_ARGS_MAX_BYTES, "arguments of one tool call"),
    STREAM_ARGUMENTS(Setting.TOOL_ARGS_MAX_STREAM_BYTES, "tool arguments of the whole stream"),
    EVENT(Setting.EVENT_MAX_BYTES, "one event"),
    TOOL_CALLS(Setting.TOOL_CALLS_MAX, "tool calls in one stream");

    private final Setting setting;
    private final String description;

    Cap(Setting setting, String description) {
        this.setting = setting;
        this.description = description;
    }

    public Setting setting() {
        return setting;
    }

    public String description() {
        return description;
    }
}
