package dev.streamguard.config;

import java.util.Locale;

/**
 * Every setting StreamGuard reads. Each can be given as an agent argument ({@code tool-args.max-bytes=64KiB}),
 * a system property ({@code -Dstreamguard.tool-args.max-bytes=64KiB}) or an environment variable
 * ({@code STREAMGUARD_TOOL_ARGS_MAX_BYTES=64KiB}), in that order of precedence.
 */
public enum Setting {
    MODE("mode", "enforce", "enforce, observe or off"),
    TOOL_ARGS_MAX_BYTES("tool-args.max-bytes", "4MiB", "a size such as 4MiB, 64KiB or 1048576"),
    TOOL_ARGS_MAX_STREAM_BYTES("tool-args.max-stream-bytes", "16MiB", "a size such as 16MiB"),
    EVENT_MAX_BYTES("event.max-bytes", "8MiB", "a size such as 8MiB"),
    TOOL_CALLS_MAX("tool-calls.max", "256", "a positive whole number"),
    TOOL_ARGS_INVALID_JSON("tool-args.invalid-json", "fail", "fail or report"),
    TOOL_CALL_MARKUP("tool-calls.markup-in-text", "report", "report or fail"),
    ANTHROPIC_ERROR_EVENT("anthropic.error-event", "auto", "auto, fail or pass"),
    GEMINI_FINISH_REASON("gemini.finish-reason", "report", "report or fail"),
    INCLUDE_URLS("include-urls", "", "URL globs separated by ';', e.g. */v1/chat/completions;*/v1/messages"),
    EXCLUDE_URLS("exclude-urls", "", "URL globs separated by ';'"),
    STREAM_IDLE_TIMEOUT("stream.idle-timeout", "off", "off or a duration such as 500ms, 30s or 5m"),
    STREAM_TERMINAL_GRACE("stream.terminal-grace", "3s", "off or a duration such as 500ms or 3s"),
    LOG_LEVEL("log.level", "info", "off, error, warn, info or debug"),
    LOG_FILE("log.file", "", "a file path, or empty for standard error");

    private final String name;
    private final String defaultValue;
    private final String expected;

    Setting(String name, String defaultValue, String expected) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.expected = expected;
    }

    /** The name used in the agent argument, e.g. {@code tool-args.max-bytes}. */
    public String shortName() {
        return name;
    }

    /** The system property, e.g. {@code streamguard.tool-args.max-bytes}. */
    public String propertyName() {
        return "streamguard." + name;
    }

    /** The environment variable, e.g. {@code STREAMGUARD_TOOL_ARGS_MAX_BYTES}. */
    public String environmentName() {
        return "STREAMGUARD_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** What a valid value looks like, for error messages. */
    public String expected() {
        return expected;
    }

    /** Finds a setting by its short or property name; null when there is none. */
    public static Setting byName(String text) {
        String t = text.trim();
        if (t.startsWith("streamguard.")) {
            t = t.substring("streamguard.".length());
        }
        for (Setting s : values()) {
            if (s.name.equals(t)) {
                return s;
            }
        }
        return null;
    }
}
