package dev.streamguard.agent.install;

import dev.streamguard.config.GuardConfig;
import dev.streamguard.config.Setting;

/**
 * Configures the agent's own (shaded) SLF4J simple logger from {@code log.level} and {@code log.file}
 * before its first use. The property names below are relocated with SLF4J when the agent is built, so
 * they configure only the agent's copy, never the application's logging.
 */
final class LogSetup {
    private static final String PREFIX = "org.slf4j.simpleLogger.";
    private static volatile boolean debug;

    private LogSetup() {
    }

    static void configure(GuardConfig config) {
        configure(config.value(Setting.LOG_LEVEL), config.value(Setting.LOG_FILE));
    }

    /** For a configuration that could not be read: its error is still logged in the agent's usual format. */
    static void configureDefaults() {
        configure(Setting.LOG_LEVEL.defaultValue(), Setting.LOG_FILE.defaultValue());
    }

    /** Whether log.level is debug, known without the logger, whose first use costs tens of milliseconds. */
    static boolean debugEnabled() {
        return debug;
    }

    private static void configure(String level, String file) {
        debug = level.equalsIgnoreCase("debug");
        System.setProperty(PREFIX + "defaultLogLevel", level.toLowerCase(java.util.Locale.ROOT));
        System.setProperty(PREFIX + "logFile", file.isEmpty() ? "System.err" : file);
        System.setProperty(PREFIX + "showDateTime", "true");
        System.setProperty(PREFIX + "dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty(PREFIX + "showThreadName", "false");
        System.setProperty(PREFIX + "showLogName", "true");
    }
}
