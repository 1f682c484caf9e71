package dev.streamguard.core;

import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;

/**
 * The clocks of the streams that need one: an idle timeout while the client waits for the upstream
 * ({@code stream.idle-timeout}), and a deadline (the terminal grace of D43, the bounded wait for the end of a
 * body after its terminal event, D42). One daemon thread for the whole JVM, started when a clock is first
 * set and gone a few seconds after the last one is.
 *
 * <p>The thread holds the watches weakly: a stream the application abandons without closing is collected
 * with its watch, and with it what the watch would stop (an OkHttp call, whose leak detection then works).
 * The thread is created with no context class loader, no inherited thread-locals and no inherited access
 * control context, so that it pins no application's class loader. What a watch runs when it fires only
 * hands the work over (closes a socket, queues a signal): no application code runs on this thread.
 *
 * <p>A stream's own thread does as little here as it can: a watch joins the list once, with one compare-and-set
 * and one append, and leaves it only through the thread's scan, which drops what has no clock running. Under load
 * every stream sets a deadline near its end and is over a moment later; a shared map that each of them entered
 * and left put two contended updates on every stream's path.
 */
final class Watchdog {
    /** What stopped a watched stream's wait. */
    enum Fired { NONE, IDLE, DEADLINE }

    /** The clocks of one stream, and what to do when one runs out. Set by the stream's thread, read by the watchdog. */
    static final class Watch {
        private static final AtomicIntegerFieldUpdater<Watch> LISTED = AtomicIntegerFieldUpdater.newUpdater(Watch.class, "listed");

        private final long idleTimeoutNanos;
        private final Runnable onFire;
        private final WeakReference<Watch> self = new WeakReference<>(this);
        private volatile long waitingSince;
        private volatile long deadline;
        private volatile Fired fired = Fired.NONE;
        /** Set by {@link Watchdog#unwatch}: no clock runs until a deadline is set again. */
        private volatile boolean stopped;
        /** 1 while {@link #self} is in the list: only the registration that sets it appends. */
        private volatile int listed;

        private Watch(long idleTimeoutNanos, Runnable onFire) {
            this.idleTimeoutNanos = idleTimeoutNanos;
            this.onFire = onFire;
        }

        /** The client now waits for the upstream: the idle clock runs. */
        void waiting() {
            if (waitingSince == 0) {
                waitingSince = System.nanoTime() | 1;
            }
        }

        /** The upstream answered (or the client stopped waiting). */
        void answered() {
            waitingSince = 0;
        }

        /** Fires at {@code atNanos} (a {@link System#nanoTime()} value), whether the client waits or not; 0 clears it. */
        void deadline(long atNanos) {
            if (atNanos == 0 && deadline == 0) {
                // Nothing to clear: a read sets no deadline nearly always, and need not take the lock for that.
                return;
            }
            synchronized (this) {
                deadline = atNanos == 0 ? 0 : atNanos | 1;
                if (atNanos != 0) {
                    // A guard that failed its stream still cancels the upstream on a deadline after its end.
                    stopped = false;
                }
            }
            if (atNanos != 0) {
                Watchdog.register(this, atNanos);
            }
        }

        /** What fired, if anything; stays set until {@link #rearm()}. */
        Fired fired() {
            return fired;
        }

        /** The firing was handled: the clocks may fire again. */
        void rearm() {
            if (fired != Fired.NONE) {
                synchronized (this) {
                    fired = Fired.NONE;
                }
            }
        }

        private boolean timed() {
            return !stopped && (idleTimeoutNanos > 0 || deadline != 0);
        }

        /** Appends this watch to the list unless it is there already. */
        private void list() {
            if (listed == 0 && LISTED.compareAndSet(this, 0, 1)) {
                WATCHED.offer(self);
            }
        }

        /**
         * Called by the scan once it took this watch out of the list. A stream that set a clock meanwhile either saw
         * the flag cleared and appended itself, or is seen timed here and appended again (both write before they read).
         */
        private void unlisted() {
            listed = 0;
            if (timed()) {
                list();
            }
        }

        /** When this watch is next due, as seen at {@code now}; Long.MAX_VALUE when no clock runs. */
        private long dueAt(long now) {
            if (fired != Fired.NONE) {
                return Long.MAX_VALUE;
            }
            long due = deadline != 0 ? deadline : Long.MAX_VALUE;
            if (idleTimeoutNanos > 0) {
                long since = waitingSince;
                due = Math.min(due, (since != 0 ? since : now) + idleTimeoutNanos);
            }
            return due;
        }

        /**
         * Fires what is due now, judged again under the lock: the stream's thread may have answered, set another
         * deadline or rearmed since the watchdog looked.
         */
        private void fire(long now) {
            synchronized (this) {
                if (fired != Fired.NONE) {
                    return;
                }
                long since = waitingSince;
                long at = deadline;
                if (idleTimeoutNanos > 0 && since != 0 && now - since >= idleTimeoutNanos) {
                    fired = Fired.IDLE;
                } else if (at != 0 && now - at >= 0) {
                    fired = Fired.DEADLINE;
                    deadline = 0;
                } else {
                    return;
                }
            }
            try {
                onFire.run();
            } catch (Throwable t) {
                // Stopping a stream must not stop the watchdog, whatever that stream's code throws.
            }
        }
    }

    /**
     * The longest the thread sleeps, shorter than any deadline the guard sets itself (the 100 ms wait for the end
     * of a body after its terminal event, D42), so that setting one never needs to wake it: a stream sets such a
     * deadline near its end and is gone before the thread wakes, and with a longer sleep the next stream, finding the
     * thread asleep past its deadline, woke it again. Under load that was thousands of wake-ups a second, a system
     * call on the reading thread for each.
     */
    private static final long MAX_PARK_NANOS = 50_000_000L;
    private static final long LINGER_NANOS = 5_000_000_000L;
    private static final Queue<WeakReference<Watch>> WATCHED = new ConcurrentLinkedQueue<>();
    /** The running watchdog thread, or null: read without the lock by every registration. */
    private static volatile Thread thread;
    private static volatile long plannedWake = Long.MAX_VALUE;
    private static volatile long wakeUps;

    private Watchdog() {
    }

    /**
     * A watch for one stream: its idle clock (0: none) runs while it waits; {@code onFire} runs on the
     * watchdog's thread when a clock runs out, and must not block.
     */
    static Watch watch(long idleTimeoutNanos, Runnable onFire) {
        Watch w = new Watch(idleTimeoutNanos, onFire);
        if (idleTimeoutNanos > 0) {
            register(w, System.nanoTime() + idleTimeoutNanos);
        }
        return w;
    }

    /** The stream is over: its clocks stop, and the next scan drops it. */
    static void unwatch(Watch w) {
        if (w != null) {
            w.deadline = 0;
            w.stopped = true;
        }
    }

    private static void register(Watch w, long earliestDue) {
        w.list();
        ensureRunning();
        if (earliestDue - plannedWake < 0) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * Without the lock while the thread runs: hundreds of streams register at once under load. The thread, before
     * it stops, clears {@link #thread} and then looks for watches again, so that a watch registered while it
     * stopped is seen either by it or by the registering stream, which then starts a new thread.
     */
    private static void ensureRunning() {
        if (thread == null) {
            startIfStopped();
        }
    }

    private static synchronized void startIfStopped() {
        if (thread != null) {
            return;
        }
        Thread t = DaemonThreads.create("streamguard-watchdog", Watchdog::run);
        t.start();
        // Only once it runs (the thread waits for this lock before it can stop): a start that failed is retried.
        thread = t;
    }

    private static void run() {
        try {
            watchUntilIdle();
        } finally {
            synchronized (Watchdog.class) {
                if (thread == Thread.currentThread()) {
                    // Ended by an error: the next registration starts another.
                    thread = null;
                }
            }
        }
    }

    private static void watchUntilIdle() {
        long emptySince = System.nanoTime();
        while (true) {
            wakeUps++;
            long now = System.nanoTime();
            long next = now + MAX_PARK_NANOS;
            // Awake again by then at the latest (the park below ends at `next`): a stream that registers during the
            // scan need wake the thread only for a clock due sooner. The scan takes a while when many streams ended.
            plannedWake = next;
            for (Iterator<WeakReference<Watch>> it = WATCHED.iterator(); it.hasNext(); ) {
                Watch w = it.next().get();
                if (w == null || !w.timed()) {
                    it.remove();
                    if (w != null) {
                        w.unlisted();
                    }
                    continue;
                }
                long due = w.dueAt(now);
                if (due - now <= 0) {
                    w.fire(now);
                } else if (due - next < 0) {
                    next = due;
                }
            }
            if (WATCHED.isEmpty()) {
                if (now - emptySince >= LINGER_NANOS && stopIfIdle()) {
                    return;
                }
            } else {
                emptySince = now;
            }
            plannedWake = next;
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
    }

    private static boolean stopIfIdle() {
        synchronized (Watchdog.class) {
            if (!WATCHED.isEmpty()) {
                return false;
            }
            thread = null;
        }
        if (WATCHED.isEmpty()) {
            return true;
        }
        // A stream registered as the thread stopped, and may have seen it running.
        synchronized (Watchdog.class) {
            if (thread == null) {
                thread = Thread.currentThread();
                return false;
            }
            return true;
        }
    }

    /** How many watches the list holds, stopped or not until the next scan: for tests of thread and memory hygiene. */
    static int listed() {
        return WATCHED.size();
    }

    /** How many streams have a clock running: for tests of what is watched. */
    static int watched() {
        int timed = 0;
        for (WeakReference<Watch> ref : WATCHED) {
            Watch w = ref.get();
            if (w != null && w.timed()) {
                timed++;
            }
        }
        return timed;
    }

    /** How many times the thread has woken so far: for tests of what the clocks cost. */
    static long wakeUps() {
        return wakeUps;
    }
}
