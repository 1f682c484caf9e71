package dev.streamguard.config;

import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves every {@link Setting}: agent argument first, then system property, then environment
 * variable, then the default. A value that cannot be used is a {@link ConfigException} naming the
 * setting, the value and its source; nothing falls back silently to a default.
 */
public final class ConfigLoader {
    private static final java.util.Set<String> LOG_LEVELS = java.util.Set.of("off", "error", "warn", "info", "debug");

    private ConfigLoader() {
    }

    /** Reads this JVM's system properties and environment. */
    public static GuardConfig load(String agentArgument) {
        return load(agentArgument, System.getProperties(), System.getenv());
    }

    public static GuardConfig load(String agentArgument, Properties systemProperties, Map<String, String> environment) {
        Map<Setting, String> fromArgument = parseAgentArgument(agentArgument);
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Map<Setting, GuardConfig.Source> sources = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String value;
            GuardConfig.Source source;
            if (fromArgument.containsKey(s)) {
                value = fromArgument.get(s);
                source = GuardConfig.Source.AGENT_ARGUMENT;
            } else if (systemProperties.getProperty(s.propertyName()) != null) {
                value = systemProperties.getProperty(s.propertyName());
                source = GuardConfig.Source.SYSTEM_PROPERTY;
            } else if (environment.get(s.environmentName()) != null) {
                value = environment.get(s.environmentName());
                source = GuardConfig.Source.ENVIRONMENT;
            } else {
                value = s.defaultValue();
                source = GuardConfig.Source.DEFAULT;
            }
            check(s, value, source);
            values.put(s, value.trim());
            sources.put(s, source);
        }
        return new GuardConfig(values, sources);
    }

    /** Parses {@code key=value,key=value}; keys are short names or property names. */
    static Map<Setting, String> parseAgentArgument(String argument) {
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        if (argument == null || argument.trim().isEmpty()) {
            return out;
        }
        for (String piece : argument.split(",")) {
            if (piece.trim().isEmpty()) {
                continue;
            }
            int eq = piece.indexOf('=');
            if (eq < 0) {
                throw new ConfigException("streamguard: '" + piece.trim() + "' in the agent argument is not key=value");
            }
            String key = piece.substring(0, eq).trim();
            Setting s = Setting.byName(key);
            if (s == null) {
                throw new ConfigException("streamguard: unknown setting '" + key + "' in the agent argument; known settings: "
                        + knownNames());
            }
            out.put(s, piece.substring(eq + 1));
        }
        return out;
    }

    private static String knownNames() {
        StringBuilder sb = new StringBuilder();
        for (Setting s : Setting.values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.shortName());
        }
        return sb.toString();
    }

    private static void check(Setting s, String value, GuardConfig.Source source) {
        if (!isValid(s, value)) {
            String name = source == GuardConfig.Source.ENVIRONMENT ? s.environmentName()
                    : source == GuardConfig.Source.AGENT_ARGUMENT ? s.shortName() : s.propertyName();
            throw new ConfigException("streamguard: invalid value '" + value + "' for " + name + " (from "
                    + source.description() + "): expected " + s.expected());
        }
    }

    static boolean isValid(Setting s, String value) {
        switch (s) {
            case MODE:
                return Mode.parse(value) != null;
            case TOOL_ARGS_MAX_BYTES:
            case TOOL_ARGS_MAX_STREAM_BYTES:
            case EVENT_MAX_BYTES:
                return ByteSize.parse(value) > 0;
            case TOOL_CALLS_MAX:
                return isPositiveInt(value.trim());
            case TOOL_ARGS_INVALID_JSON:
            case TOOL_CALL_MARKUP:
            case GEMINI_FINISH_REASON:
                return value.trim().equalsIgnoreCase("fail") || value.trim().equalsIgnoreCase("report");
            case ANTHROPIC_ERROR_EVENT:
                return ErrorEventHandling.parse(value) != null;
            case STREAM_IDLE_TIMEOUT:
            case STREAM_TERMINAL_GRACE:
                return Durations.parseNanos(value) >= 0;
            case LOG_LEVEL:
                return LOG_LEVELS.contains(value.trim().toLowerCase(java.util.Locale.ROOT));
            case INCLUDE_URLS:
            case EXCLUDE_URLS:
            case LOG_FILE:
                return true;
            default:
                throw new AssertionError(s);
        }
    }

    private static boolean isPositiveInt(String v) {
        if (v.isEmpty() || v.length() > 9) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(v) > 0;
    }
}
