package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.StreamGuardException;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.ScriptedUpstream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** stream.idle-timeout: a silent upstream, while the client waits, fails the stream clearly. */
class IdleTimeoutTest {
    private static final String FIRST = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n";

    private static GuardEngine engine(String config, AtomicReference<StreamReport> report) {
        return new GuardEngine(GuardRun.config(config), new StreamContext("http://x", "test", null, report::set));
    }

    @Test
    @Timeout(10)
    void aSilentUpstreamFailsTheStreamAfterTheTimeoutWithWhatCameBefore() throws IOException {
        AtomicReference<StreamReport> report = new AtomicReference<>();
        GuardedInputStream in = new GuardedInputStream(new ScriptedUpstream(FIRST, ScriptedUpstream.After.SILENCE, 0), engine("stream.idle-timeout=300ms", report));
        byte[] buf = new byte[8192];
        assertEquals(FIRST, new String(buf, 0, in.read(buf), StandardCharsets.UTF_8));
        long start = System.nanoTime();
        StreamGuardException e = assertThrows(StreamGuardException.class, () -> in.read(buf));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 250 && waitedMs < 5000, "stopped after about the timeout, not before: " + waitedMs + " ms");
        assertEquals(StreamGuardException.Cause.IDLE_TIMEOUT, e.reason());
        assertEquals("streamguard: no data from the upstream for 300ms (streamguard.stream.idle-timeout) after 1 events ("
                + FIRST.length() + " bytes); the stream was stopped", e.getMessage());
        assertEquals(Outcome.FAILED, report.get().outcome());
        assertEquals(StreamGuardException.Cause.IDLE_TIMEOUT, report.get().failureCause());
        assertThrows(StreamGuardException.class, () -> in.read(buf));
    }

    @Test
    @Timeout(10)
    void aSlowClientIsNotASilentUpstream() throws Exception {
        AtomicReference<StreamReport> report = new AtomicReference<>();
        String body = FIRST + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        GuardedInputStream in = new GuardedInputStream(new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 40));
            }
        }, engine("stream.idle-timeout=100ms", report));
        byte[] buf = new byte[16];
        StringBuilder read = new StringBuilder();
        int n;
        while ((n = in.read(buf)) >= 0) {
            read.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            Thread.sleep(60);
        }
        assertEquals(body, read.toString());
        assertEquals(Outcome.COMPLETED, report.get().outcome());
    }

    @Test
    @Timeout(10)
    void thePushAdapterCallsBackWhenChunksAwaitedNeverCome() throws Exception {
        AtomicReference<StreamReport> report = new AtomicReference<>();
        ChunkGuard guard = new ChunkGuard(engine("stream.idle-timeout=200ms", report));
        CountDownLatch fired = new CountDownLatch(1);
        guard.watch(fired::countDown);
        assertEquals(FIRST, StandardCharsets.UTF_8.decode(guard.onNext(List.of(ByteBuffer.wrap(FIRST.getBytes(StandardCharsets.UTF_8)))).get(0)).toString());
        Thread.sleep(400);
        assertEquals(1, fired.getCount(), "no chunk was awaited: no timeout");
        guard.awaiting();
        assertTrue(fired.await(5, TimeUnit.SECONDS));
        assertEquals(ChunkGuard.Clock.IDLE_TIMEOUT, guard.clockFired());
        assertEquals(StreamGuardException.Cause.IDLE_TIMEOUT, guard.idleTimedOut().reason());
        assertEquals(StreamGuardException.Cause.IDLE_TIMEOUT, report.get().failureCause());
    }

    @Test
    @Timeout(20)
    void theWatchdogThreadGoesAwayWhenNothingIsWatched() throws Exception {
        GuardedInputStream in = new GuardedInputStream(new java.io.ByteArrayInputStream(new byte[0]),
                engine("stream.idle-timeout=50ms", new AtomicReference<>()));
        assertTrue(watchdogAlive());
        assertEquals(-1, in.read());
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (watchdogAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(watchdogAlive());
        assertEquals(0, Watchdog.listed());
    }

    @Test
    void withoutTheSettingNothingIsWatched() throws IOException {
        GuardedInputStream in = new GuardedInputStream(new java.io.ByteArrayInputStream(FIRST.getBytes(StandardCharsets.UTF_8)),
                engine("", new AtomicReference<>()));
        assertEquals(0, Watchdog.watched());
        in.close();
    }

    private static boolean watchdogAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("streamguard-watchdog") && t.isAlive());
    }
}
