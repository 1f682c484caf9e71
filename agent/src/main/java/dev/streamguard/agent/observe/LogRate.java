package dev.streamguard.agent.observe;

/**
 * A token bucket for the anomaly log: a burst of lines, then a steady rate, so that a flood of bad streams
 * cannot flood the log. Lines refused are counted and the next line says how many were left out.
 */
final class LogRate {
    private final int burst;
    private final double perNano;
    private double tokens;
    private long last;
    private long suppressed;

    LogRate(int burst, int perMinute, long startNanos) {
        this.burst = burst;
        this.perNano = perMinute / 60e9;
        this.tokens = burst;
        this.last = startNanos;
    }

    /** Returns -1 when the line must be left out, otherwise how many lines were left out before it. */
    synchronized long admit(long now) {
        tokens = Math.min(burst, tokens + Math.max(0, now - last) * perNano);
        last = Math.max(last, now);
        if (tokens < 1) {
            suppressed++;
            return -1;
        }
        tokens -= 1;
        long s = suppressed;
        suppressed = 0;
        return s;
    }
}
