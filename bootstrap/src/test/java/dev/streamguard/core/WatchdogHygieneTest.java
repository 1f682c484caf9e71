package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.ScriptedUpstream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watchdog that times the streams keeps none of them alive: a body the application abandons without
 * closing it is collected, with what its clock would stop (an OkHttp call, whose own leak detection then
 * works), and the watchdog's thread goes away when nothing is left to watch. It pins no class loader of the
 * application thread that happened to start it (a web application being redeployed).
 */
@Timeout(120)
class WatchdogHygieneTest {
    private static final String FIRST = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n";

    private static GuardedInputStream abandonedBody(List<WeakReference<Object>> refs) throws IOException {
        // The body of a call its application stopped reading after the first event.
        ScriptedUpstream upstream = new ScriptedUpstream(FIRST, ScriptedUpstream.After.SILENCE, 0);
        Object call = new Object();
        GuardedInputStream in = new GuardedInputStream(upstream, new GuardEngine(GuardRun.config("stream.idle-timeout=30s"),
                new StreamContext("http://x", "test", null, r -> { })), () -> call.hashCode());
        assertEquals(FIRST.length(), in.read(new byte[8192]));
        refs.add(new WeakReference<>(in));
        refs.add(new WeakReference<>(call));
        return in;
    }

    private static boolean watchdogAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("streamguard-watchdog") && t.isAlive());
    }

    private static void awaitWatchdogGone() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (watchdogAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(watchdogAlive(), "the watchdog's thread ended");
    }

    private static boolean collected(List<WeakReference<Object>> refs) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            System.gc();
            if (refs.stream().allMatch(r -> r.get() == null)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Test
    void aThousandAbandonedBodiesAreCollectedAndTheThreadEnds() throws Exception {
        List<WeakReference<Object>> refs = new ArrayList<>();
        // Reachable until counted: a collection during the loop would otherwise take some of them already.
        List<GuardedInputStream> untilCounted = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            untilCounted.add(abandonedBody(refs));
        }
        assertTrue(watchdogAlive(), "watched with an idle timeout");
        assertTrue(Watchdog.watched() >= 1000);
        untilCounted.clear();
        assertTrue(collected(refs), "every abandoned body and call was collected");
        awaitWatchdogGone();
        assertEquals(0, Watchdog.listed());
    }

    @Test
    void theThreadPinsNoClassLoaderOfTheThreadThatStartedIt() throws Exception {
        awaitWatchdogGone();
        InheritableThreadLocal<Object> inherited = new InheritableThreadLocal<>();
        AtomicReference<GuardedInputStream> kept = new AtomicReference<>();
        List<WeakReference<Object>> refs = new ArrayList<>();
        startWatchdogFromAWebApplication(inherited, kept, refs);
        assertTrue(watchdogAlive(), "started by the web application's thread");
        Thread watchdog = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("streamguard-watchdog")).findFirst().get();
        assertNull(watchdog.getContextClassLoader());
        assertTrue(collected(refs), "the web application's class loader was collected while the watchdog runs");
        assertTrue(watchdogAlive());
        kept.set(null);
    }

    /** A request thread of a web application (its class loader as context loader and in an inheritable thread-local) guards a body. */
    private static void startWatchdogFromAWebApplication(InheritableThreadLocal<Object> inherited, AtomicReference<GuardedInputStream> kept,
                                                         List<WeakReference<Object>> refs) throws InterruptedException {
        URLClassLoader webApp = new URLClassLoader(new URL[0], null);
        Thread request = new Thread(() -> {
            inherited.set(webApp);
            try {
                kept.set(abandonedBody(new ArrayList<>()));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, "web-app-request");
        request.setContextClassLoader(webApp);
        refs.add(new WeakReference<>(webApp));
        request.start();
        request.join();
    }
}
