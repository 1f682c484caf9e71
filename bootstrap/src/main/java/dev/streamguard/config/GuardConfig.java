package dev.streamguard.config;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The effective configuration: immutable; a mode switch at run time makes a new instance. */
public final class GuardConfig {
    /** Where a value came from, so that an operator can tell why a setting is what it is. */
    public enum Source {
        AGENT_ARGUMENT("the agent argument"),
        SYSTEM_PROPERTY("a system property"),
        ENVIRONMENT("an environment variable"),
        DEFAULT("the default"),
        RUNTIME("a change at run time");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Mode mode;
    private final long maxCallArgumentBytes;
    private final long maxStreamArgumentBytes;
    private final long maxEventBytes;
    private final int maxToolCalls;
    private final boolean failOnInvalidArguments;
    private final long idleTimeoutNanos;
    private final long terminalGraceNanos;
    private final boolean failOnToolCallMarkup;
    private final boolean failOnGeminiFinishReason;
    private final ErrorEventHandling anthropicErrorEvent;
    private final UrlPatterns includeUrls;
    private final UrlPatterns excludeUrls;
    private final Map<Setting, String> values;
    private final Map<Setting, Source> sources;

    GuardConfig(Map<Setting, String> values, Map<Setting, Source> sources) {
        this.values = new EnumMap<>(values);
        this.sources = new EnumMap<>(sources);
        this.mode = Mode.parse(values.get(Setting.MODE));
        this.maxCallArgumentBytes = ByteSize.parse(values.get(Setting.TOOL_ARGS_MAX_BYTES));
        this.maxStreamArgumentBytes = ByteSize.parse(values.get(Setting.TOOL_ARGS_MAX_STREAM_BYTES));
        this.maxEventBytes = ByteSize.parse(values.get(Setting.EVENT_MAX_BYTES));
        this.maxToolCalls = Integer.parseInt(values.get(Setting.TOOL_CALLS_MAX).trim());
        this.failOnInvalidArguments = "fail".equalsIgnoreCase(values.get(Setting.TOOL_ARGS_INVALID_JSON).trim());
        this.failOnToolCallMarkup = "fail".equalsIgnoreCase(values.get(Setting.TOOL_CALL_MARKUP).trim());
        this.failOnGeminiFinishReason = "fail".equalsIgnoreCase(values.get(Setting.GEMINI_FINISH_REASON).trim());
        this.anthropicErrorEvent = ErrorEventHandling.parse(values.get(Setting.ANTHROPIC_ERROR_EVENT));
        this.idleTimeoutNanos = Durations.parseNanos(values.get(Setting.STREAM_IDLE_TIMEOUT));
        this.terminalGraceNanos = Durations.parseNanos(values.get(Setting.STREAM_TERMINAL_GRACE));
        this.includeUrls = UrlPatterns.parse(values.get(Setting.INCLUDE_URLS));
        this.excludeUrls = UrlPatterns.parse(values.get(Setting.EXCLUDE_URLS));
    }

    /** Every setting at its default. */
    public static GuardConfig defaults() {
        return ConfigLoader.load(null, new java.util.Properties(), java.util.Collections.emptyMap());
    }

    public Mode mode() {
        return mode;
    }

    public long maxCallArgumentBytes() {
        return maxCallArgumentBytes;
    }

    public long maxStreamArgumentBytes() {
        return maxStreamArgumentBytes;
    }

    public long maxEventBytes() {
        return maxEventBytes;
    }

    public int maxToolCalls() {
        return maxToolCalls;
    }

    /** Whether tool arguments that are not valid JSON fail the stream (otherwise they are only reported). */
    public boolean failOnInvalidArguments() {
        return failOnInvalidArguments;
    }

    /** Whether a tool call written as text in the content fails the stream (D45), rather than only being reported. */
    public boolean failOnToolCallMarkup() {
        return failOnToolCallMarkup;
    }

    /** Whether a Gemini finish other than STOP or MAX_TOKENS, or a blocked prompt, fails the stream (G4). */
    public boolean failOnGeminiFinishReason() {
        return failOnGeminiFinishReason;
    }

    /** What an Anthropic {@code error} event mid-stream does: passed to the SDK, or the stream failed with its message. */
    public ErrorEventHandling anthropicErrorEvent() {
        return anthropicErrorEvent;
    }

    /** How long the upstream may stay silent while the client waits, in nanoseconds; 0 when there is no limit. */
    public long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    /**
     * How long, after a stop reason, only keep-alives may arrive before the guard ends the stream itself
     * (D43), in nanoseconds; 0 when it never does.
     */
    public long terminalGraceNanos() {
        return terminalGraceNanos;
    }

    /** Whether a response from this URL is guarded at all (mode not off, included, not excluded). */
    public boolean guards(String url) {
        if (mode == Mode.OFF) {
            return false;
        }
        if (url == null) {
            return includeUrls.isEmpty();
        }
        return (includeUrls.isEmpty() || includeUrls.matches(url)) && !excludeUrls.matches(url);
    }

    /** The same configuration in another mode, as switched at run time. */
    public GuardConfig withMode(Mode newMode) {
        Map<Setting, String> v = new EnumMap<>(values);
        Map<Setting, Source> s = new EnumMap<>(sources);
        v.put(Setting.MODE, newMode.configName());
        s.put(Setting.MODE, Source.RUNTIME);
        return new GuardConfig(v, s);
    }

    public String value(Setting setting) {
        return values.get(setting);
    }

    public Source source(Setting setting) {
        return sources.get(setting);
    }

    /** Every setting by its property name with its effective value, in declaration order. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            out.put(s.propertyName(), values.get(s));
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Setting s : Setting.values()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(s.shortName()).append('=').append(values.get(s));
        }
        return sb.toString();
    }
}
