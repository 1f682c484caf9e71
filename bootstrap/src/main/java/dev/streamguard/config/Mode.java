package dev.streamguard.config;

import java.util.Locale;

/** What the guard does with the streams it sees. */
public enum Mode {
    /** Repair deviations and fail streams that cannot be delivered faithfully. */
    ENFORCE,
    /** Analyse and report exactly as in enforce, but let every byte through unchanged. */
    OBSERVE,
    /** Do not look at streams at all. */
    OFF;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code enforce}, {@code observe} or {@code off} (any case); null when it is none of them. */
    public static Mode parse(String text) {
        for (Mode mode : values()) {
            if (mode.configName().equalsIgnoreCase(text.trim())) {
                return mode;
            }
        }
        return null;
    }
}
