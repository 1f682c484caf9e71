package dev.streamguard.it.client;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What an application saw of one chat call made through an LLM SDK's public API, one line per item, so
 * that a test can compare it with what the stream meant: {@code CALL i b64(label)}; then {@code TOOL
 * b64(id) b64(name) b64(arguments)} per tool call, {@code TEXT b64}, {@code FINISH b64} (the finish or stop
 * reason as the SDK gives it), {@code COMPLETED} when the SDK reported the call complete, {@code ENDED
 * epochMillis} when the call returned or threw, {@code ERROR
 * class b64(message)} for the exception the application got followed by {@code CAUSE class b64(message)}
 * for each of its causes, {@code HANG millis} when the call neither completed nor failed in time, {@code
 * NOTE b64} for anything else worth knowing; and {@code END i}. A null string is printed as {@code -}.
 *
 * <p>Each call runs on its own daemon thread and is waited for with a timeout, so a call that never ends
 * cannot stall the calls after it; what it reports after its timeout is dropped. A target may end in
 * {@code #wait=<millis>} to be waited for longer than the others (the suffix is not part of the URL).
 */
public final class ChatOutput {
    private static final PrintStream OUT = System.out;

    /** One chat call: report through {@code r} what the application saw; throw what the application got. */
    public interface Call {
        void run(Report r) throws Throwable;
    }

    /** Makes the call for one command-line target. */
    public interface Calls {
        Call forTarget(String target) throws Exception;
    }

    /** The lines of one call, printed together when it ends (or times out). */
    public static final class Report {
        private final List<String> lines = new ArrayList<>();
        private boolean closed;

        public synchronized void tool(String id, String name, String arguments) {
            add("TOOL " + b64(id) + " " + b64(name) + " " + b64(arguments));
        }

        public synchronized void text(String text) {
            add("TEXT " + b64(text));
        }

        public synchronized void finish(String reason) {
            add("FINISH " + b64(reason));
        }

        public synchronized void completed() {
            add("COMPLETED");
        }

        public synchronized void note(String note) {
            add("NOTE " + b64(note));
        }

        /** The exception the application got, and its causes. */
        public synchronized void error(Throwable t) {
            add("ERROR " + t.getClass().getName() + " " + b64(t.getMessage()));
            Map<Throwable, Boolean> seen = new IdentityHashMap<>();
            seen.put(t, true);
            for (Throwable c = t.getCause(); c != null && seen.put(c, true) == null; c = c.getCause()) {
                add("CAUSE " + c.getClass().getName() + " " + b64(c.getMessage()));
            }
        }

        /** When the call ended, as wall-clock time: tests compare it with when the upstream sent its last event. */
        synchronized void ended(long epochMillis) {
            add("ENDED " + epochMillis);
        }

        private void add(String line) {
            if (!closed) {
                lines.add(line);
            }
        }

        synchronized List<String> close(String last) {
            if (last != null) {
                lines.add(last);
            }
            closed = true;
            return new ArrayList<>(lines);
        }
    }

    private ChatOutput() {
    }

    /**
     * Runs one call per target, each waited for {@code timeoutMillis} at most (the first, which also loads
     * the SDK, at least 60 s), prints the reports, then ends the JVM (SDK threads may be non-daemon or stuck).
     */
    public static void runAll(List<String> targets, long timeoutMillis, Calls calls) {
        int status = 0;
        try {
            for (int i = 0; i < targets.size(); i++) {
                String target = targets.get(i);
                long timeout = timeoutMillis;
                int suffix = target.indexOf("#wait=");
                if (suffix >= 0) {
                    timeout = Long.parseLong(target.substring(suffix + 6));
                    target = target.substring(0, suffix);
                }
                Report report = new Report();
                CountDownLatch done = new CountDownLatch(1);
                Call call;
                try {
                    call = calls.forTarget(target);
                } catch (Throwable t) {
                    report.error(t);
                    call = null;
                }
                Call c = call;
                Thread thread = new Thread(() -> {
                    try {
                        if (c != null) {
                            c.run(report);
                        }
                    } catch (Throwable t) {
                        report.error(t);
                    } finally {
                        report.ended(System.currentTimeMillis());
                        done.countDown();
                    }
                }, "chat-call-" + i);
                thread.setDaemon(true);
                long wait = i == 0 ? Math.max(timeout, 60_000) : timeout;
                long start = System.nanoTime();
                thread.start();
                boolean ended = done.await(wait, TimeUnit.MILLISECONDS);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                List<String> lines = report.close(ended ? null : "HANG " + millis);
                synchronized (OUT) {
                    OUT.println("CALL " + i + " " + b64(target));
                    lines.forEach(OUT::println);
                    OUT.println("END " + i);
                    OUT.flush();
                }
            }
        } catch (Throwable t) {
            t.printStackTrace();
            status = 3;
        }
        OUT.flush();
        System.exit(status);
    }

    /**
     * The timeout the applications give their SDK: 5 s, or {@code -Dit.sdkTimeoutSeconds}, which a test sets
     * when the SDK's timeout must not end a call before what the test shows (a flood filling the heap).
     */
    public static java.time.Duration sdkTimeout() {
        return java.time.Duration.ofSeconds(Long.getLong("it.sdkTimeoutSeconds", 5));
    }

    static String b64(String s) {
        return s == null ? "-" : Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
