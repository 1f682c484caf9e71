package dev.streamguard.agent.observe;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The agent's log: one line per message, {@code <UTC time> LEVEL streamguard - message}, to standard error or
 * appended to {@code log.file}. Written here rather than through a logging library because the agent's start
 * line is written as the JVM starts, and a library's first use (service lookup, its configuration, the locale
 * data of its date formatting) cost the host's start more than the rest of the agent; it also leaves the
 * application's logging and its system properties alone. Messages take {@code {}} placeholders.
 */
public final class AgentLog {
    public static final AgentLog LOG = new AgentLog();

    private static final int OFF = 0;
    private static final int ERROR = 1;
    private static final int WARN = 2;
    private static final int INFO = 3;
    private static final int DEBUG = 4;

    private volatile int threshold = INFO;
    /** Null for standard error, looked up at each line, as the application may replace it. */
    private volatile String file;
    private PrintStream fileStream;

    AgentLog() {
    }

    /** {@code level}: off, error, warn, info or debug (validated by the configuration); {@code file}: empty for standard error. */
    public synchronized void configure(String level, String file) {
        switch (level.toLowerCase(Locale.ROOT)) {
            case "off":
                threshold = OFF;
                break;
            case "error":
                threshold = ERROR;
                break;
            case "warn":
                threshold = WARN;
                break;
            case "debug":
                threshold = DEBUG;
                break;
            default:
                threshold = INFO;
        }
        this.file = file == null || file.isEmpty() ? null : file;
        if (fileStream != null) {
            fileStream.close();
            fileStream = null;
        }
    }

    public boolean isDebugEnabled() {
        return threshold >= DEBUG;
    }

    public boolean isInfoEnabled() {
        return threshold >= INFO;
    }

    public boolean isWarnEnabled() {
        return threshold >= WARN;
    }

    public void error(String message, Object... args) {
        log(ERROR, "ERROR", message, args);
    }

    public void warn(String message, Object... args) {
        log(WARN, "WARN", message, args);
    }

    public void info(String message, Object... args) {
        log(INFO, "INFO", message, args);
    }

    public void debug(String message, Object... args) {
        log(DEBUG, "DEBUG", message, args);
    }

    private void log(int level, String name, String message, Object[] args) {
        if (threshold < level) {
            return;
        }
        String line = timestamp(System.currentTimeMillis()) + ' ' + name + " streamguard - " + format(message, args);
        write(line);
    }

    private synchronized void write(String line) {
        PrintStream out = System.err;
        if (file != null) {
            if (fileStream == null) {
                try {
                    fileStream = new PrintStream(new FileOutputStream(file, true), true, StandardCharsets.UTF_8.name());
                } catch (IOException | SecurityException e) {
                    String path = file;
                    file = null;
                    if (threshold >= WARN) {
                        print(System.err, timestamp(System.currentTimeMillis()) + " WARN streamguard - streamguard: cannot write to log.file "
                                + path + " (" + e + "); logging to standard error");
                    }
                }
            }
            if (fileStream != null) {
                out = fileStream;
            }
        }
        print(out, line);
    }

    /** An application may have set standard error to null. */
    private static void print(PrintStream out, String line) {
        if (out != null) {
            out.println(line);
        }
    }

    /** The message with each {@code {}} replaced by the next argument, in order; extra placeholders stay as they are. */
    static String format(String message, Object... args) {
        if (args == null || args.length == 0) {
            return message;
        }
        StringBuilder sb = new StringBuilder(message.length() + 32);
        int from = 0;
        int next = 0;
        int at;
        while (next < args.length && (at = message.indexOf("{}", from)) >= 0) {
            sb.append(message, from, at).append(args[next++]);
            from = at + 2;
        }
        return sb.append(message, from, message.length()).toString();
    }

    /** {@code 2026-12-03T11:42:52.259Z}: UTC, so that no time-zone or locale data is loaded for it. */
    static String timestamp(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), (int) Math.floorMod(epochMillis, 1000L) * 1_000_000,
                ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(24);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2).append('.');
        return pad(sb, t.getNano() / 1_000_000, 3).append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits);
    }
}
