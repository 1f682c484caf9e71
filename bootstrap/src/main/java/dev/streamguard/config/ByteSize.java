package dev.streamguard.config;

import java.util.Locale;

/** Sizes written as {@code 512}, {@code 512B}, {@code 64KiB}, {@code 4MiB} or {@code 1GiB}. */
public final class ByteSize {
    private ByteSize() {
    }

    /** Returns the number of bytes, or -1 when the text is not a positive size in one of the accepted units. */
    public static long parse(String text) {
        String t = text.trim();
        int digitsEnd = 0;
        while (digitsEnd < t.length() && Character.isDigit(t.charAt(digitsEnd)) && t.charAt(digitsEnd) < 128) {
            digitsEnd++;
        }
        if (digitsEnd == 0 || digitsEnd > 18) {
            return -1;
        }
        long number = Long.parseLong(t.substring(0, digitsEnd));
        long unit = unit(t.substring(digitsEnd).trim().toLowerCase(Locale.ROOT));
        if (unit < 0 || number <= 0 || number > Long.MAX_VALUE / unit) {
            return -1;
        }
        return number * unit;
    }

    private static long unit(String suffix) {
        switch (suffix) {
            case "":
            case "b":
                return 1;
            case "kib":
                return 1L << 10;
            case "mib":
                return 1L << 20;
            case "gib":
                return 1L << 30;
            default:
                return -1;
        }
    }

    /** The shortest exact spelling, e.g. {@code 4MiB} or {@code 1500B}. */
    public static String format(long bytes) {
        if (bytes > 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GiB";
        }
        if (bytes > 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes > 0 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KiB";
        }
        return bytes + "B";
    }
}
