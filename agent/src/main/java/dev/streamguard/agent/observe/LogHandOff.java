package dev.streamguard.agent.observe;

import dev.streamguard.core.DaemonThreads;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Writing a log line is blocking I/O, which an event loop (Netty's, Reactor's, Vert.x's) must never do: on such a
 * thread the agent's logging is handed to a thread of its own, in order, and done there; anywhere else it is
 * done at once, as before. The thread starts at the first hand-off and ends after a few idle seconds; what is
 * still waiting when the JVM exits is written by a shutdown hook. Hand-offs never wait: past
 * {@link #MAX_WAITING} waiting lines, more are dropped (the anomaly log is rate-limited well below that).
 */
public final class LogHandOff {
    static final int MAX_WAITING = 1024;
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Queue<Runnable> WAITING = new ConcurrentLinkedQueue<>();
    private static final Object STARTING = new Object();
    private static volatile Thread writer;
    private static volatile boolean hookAdded;
    private static final AtomicInteger WAITING_COUNT = new AtomicInteger();

    /** Marker types of threads that must not block, by name: none of them is on the agent's class path. */
    private static final String[] NON_BLOCKING = {"reactor.core.scheduler.NonBlocking", "io.netty.util.concurrent.FastThreadLocalThread",
        "io.vertx.core.impl.VertxThread"};

    private static final ClassValue<Boolean> MUST_NOT_BLOCK = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return isMarked(type);
        }
    };

    private LogHandOff() {
    }

    /** Runs {@code logging} now, or on the log thread when this thread must not block. */
    public static void run(Runnable logging) {
        if (!MUST_NOT_BLOCK.get(Thread.currentThread().getClass())) {
            logging.run();
            return;
        }
        if (WAITING_COUNT.incrementAndGet() > MAX_WAITING) {
            WAITING_COUNT.decrementAndGet();
            return;
        }
        WAITING.add(logging);
        Thread w = writer;
        if (w == null) {
            start();
        } else {
            LockSupport.unpark(w);
        }
    }

    private static boolean isMarked(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            for (String marker : NON_BLOCKING) {
                if (t.getName().equals(marker)) {
                    return true;
                }
            }
            for (Class<?> i : t.getInterfaces()) {
                if (isMarked(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void start() {
        synchronized (STARTING) {
            if (writer != null) {
                LockSupport.unpark(writer);
                return;
            }
            if (!hookAdded) {
                hookAdded = true;
                Runtime.getRuntime().addShutdownHook(DaemonThreads.create("streamguard-log-flush", LogHandOff::drain));
            }
            Thread t = DaemonThreads.create("streamguard-log", LogHandOff::work);
            writer = t;
            t.start();
        }
    }

    private static void work() {
        long idleSince = System.nanoTime();
        while (true) {
            if (drain()) {
                idleSince = System.nanoTime();
                continue;
            }
            if (System.nanoTime() - idleSince > IDLE_NANOS) {
                synchronized (STARTING) {
                    // Gone first, then a last look: a line added meanwhile either sees no writer and starts one
                    // (after this block), or was added before the look, which finds it and stays.
                    writer = null;
                    if (WAITING.isEmpty()) {
                        return;
                    }
                    writer = Thread.currentThread();
                }
                continue;
            }
            LockSupport.parkNanos(IDLE_NANOS);
        }
    }

    /** Writes what waits; returns whether there was anything. */
    private static boolean drain() {
        boolean any = false;
        for (Runnable logging; (logging = WAITING.poll()) != null; ) {
            WAITING_COUNT.decrementAndGet();
            any = true;
            try {
                logging.run();
            } catch (RuntimeException | LinkageError e) {
                // A broken logger must not end the thread that writes for every stream.
            }
        }
        return any;
    }
}
