package dev.streamguard.core;

import dev.streamguard.config.Setting;

/** The limits a stream can hit: those of D20, each naming the setting that raises it, and the guard's own. */
public enum Cap {
    CALL_ARGUMENTS(Setting.TOOL_ARGS_MAX_BYTES, "arguments of one tool call"),
    STREAM_ARGUMENTS(Setting.TOOL_ARGS_MAX_STREAM_BYTES, "tool arguments of the whole stream"),
    EVENT(Setting.EVENT_MAX_BYTES, "one event"),
    TOOL_CALLS(Setting.TOOL_CALLS_MAX, "tool calls in one stream"),
    /** The guard's own bound on the state it keeps: not a setting. */
    CHOICES(null, "choices (Gemini: candidates) in one stream (the guard's own limit)"),
    /** The same for the output items of a Responses stream. */
    OUTPUT_ITEMS(null, "output items in one Responses stream (the guard's own limit)"),
    /** The same for the function calls of one Gemini chunk. */
    CHUNK_FUNCTION_CALLS(null, "function calls in one Gemini chunk (the guard's own limit)");

    private final Setting setting;
    private final String description;

    Cap(Setting setting, String description) {
        this.setting = setting;
        this.description = description;
    }

    /** The setting that raises the limit; null for a limit of the guard's own. */
    public Setting setting() {
        return setting;
    }

    /** How logs and reports name the limit: its setting, or for a limit of the guard's own, what it counts. */
    public String label() {
        return setting != null ? setting.shortName() : name().toLowerCase(java.util.Locale.ROOT);
    }

    public String description() {
        return description;
    }
}
