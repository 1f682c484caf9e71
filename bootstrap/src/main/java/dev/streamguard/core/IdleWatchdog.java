package dev.streamguard.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops streams whose upstream stays silent while the client waits ({@code stream.idle-timeout}). One
 * daemon thread for the whole JVM, started when a stream is first watched and gone once none is left.
 */
final class IdleWatchdog {
    /** One watched stream: when it started waiting (0: not waiting), and how to stop it. */
    static final class Watch {
        private final long timeoutNanos;
        private final Runnable onTimeout;
        private volatile long waitingSince;
        private volatile boolean fired;

        Watch(long timeoutNanos, Runnable onTimeout) {
            this.timeoutNanos = timeoutNanos;
            this.onTimeout = onTimeout;
        }

        /** The client now waits for the upstream. */
        void waiting() {
            if (waitingSince == 0) {
                waitingSince = System.nanoTime();
            }
        }

        /** The upstream answered (or the client stopped waiting). */
        void answered() {
            waitingSince = 0;
        }

        boolean fired() {
            return fired;
        }

        private boolean due(long now) {
            long since = waitingSince;
            return !fired && since != 0 && now - since >= timeoutNanos;
        }
    }

    private static final Set<Watch> WATCHED = ConcurrentHashMap.newKeySet();
    private static Thread thread;

    private IdleWatchdog() {
    }

    static Watch watch(long timeoutNanos, Runnable onTimeout) {
        Watch w = new Watch(timeoutNanos, onTimeout);
        WATCHED.add(w);
        ensureRunning(timeoutNanos);
        return w;
    }

    static void unwatch(Watch w) {
        if (w != null) {
            WATCHED.remove(w);
        }
    }

    private static synchronized void ensureRunning(long timeoutNanos) {
        if (thread != null && thread.isAlive()) {
            return;
        }
        long tick = Math.max(10_000_000L, Math.min(timeoutNanos / 4, 1_000_000_000L));
        thread = new Thread(() -> run(tick), "streamguard-idle-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run(long tickNanos) {
        while (true) {
            LockSupport.parkNanos(tickNanos);
            long now = System.nanoTime();
            for (Watch w : WATCHED) {
                if (w.due(now)) {
                    w.fired = true;
                    WATCHED.remove(w);
                    try {
                        w.onTimeout.run();
                    } catch (RuntimeException | LinkageError e) {
                        // Stopping a stream must not stop the watchdog.
                    }
                }
            }
            synchronized (IdleWatchdog.class) {
                if (WATCHED.isEmpty()) {
                    thread = null;
                    return;
                }
            }
        }
    }

    /** How many streams are watched: for tests of thread and memory hygiene. */
    static int watched() {
        return WATCHED.size();
    }
}
