package dev.streamguard.config;

import java.util.Locale;

/** Durations written as {@code off}, {@code 0}, {@code 500ms}, {@code 30s} or {@code 5m}. */
public final class Durations {
    private Durations() {
    }

    /** Nanoseconds; 0 for {@code off} or {@code 0}; -1 when the text is not a duration in these units. */
    public static long parseNanos(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off") || t.equals("0")) {
            return 0;
        }
        int digits = 0;
        while (digits < t.length() && t.charAt(digits) >= '0' && t.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0 || digits > 9) {
            return -1;
        }
        long n = Long.parseLong(t.substring(0, digits));
        switch (t.substring(digits).trim()) {
            case "ms":
                return n * 1_000_000L;
            case "s":
                return n * 1_000_000_000L;
            case "m":
                return n * 60_000_000_000L;
            default:
                return -1;
        }
    }

    /** The shortest exact spelling, e.g. {@code 30s}. */
    public static String format(long nanos) {
        long ms = nanos / 1_000_000L;
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
