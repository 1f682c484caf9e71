package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.ScriptedUpstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The end of a stream through the pull adapter: after the terminal event the client reads the end of the body
 * at once, whether or not the upstream ends (D42); a stop reason followed by nothing but pings ends after the
 * terminal grace (D43). The upstreams here are scripted: what they send, then an end, a silence held open
 * until they are closed, or pings until they are closed.
 */
@DisplayName("D42, D43: the end of a stream")
@Timeout(30)
class TerminalEventTest {
    private static final String PING = ScriptedUpstream.PING;

    private static final class Read {
        final String text;
        final long millis;
        final StreamReport report;

        Read(String text, long millis, StreamReport report) {
            this.text = text;
            this.millis = millis;
            this.report = report;
        }
    }

    private static Read readAll(InputStream upstream, String config) throws IOException {
        AtomicReference<StreamReport> report = new AtomicReference<>();
        GuardEngine engine = new GuardEngine(GuardRun.config(config), new StreamContext("http://x", "test", null, report::set));
        long start = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GuardedInputStream in = new GuardedInputStream(upstream, engine)) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        }
        return new Read(out.toString(StandardCharsets.UTF_8), (System.nanoTime() - start) / 1_000_000, report.get());
    }

    @Test
    void aStreamThatEndsAfterItsTerminalEventIsReadToItsEnd() throws IOException {
        Fixture f = Fixture.load("openai/compliant-tool-call");
        ScriptedUpstream upstream = new ScriptedUpstream(f.input, ScriptedUpstream.After.END, 0);
        Read read = readAll(upstream, "");
        assertEquals(f.input, read.text);
        assertTrue(upstream.sawEnd, "the upstream's own end was read: its connection can be reused");
        assertEquals(Outcome.COMPLETED, read.report.outcome());
        assertEquals(Map.of(), read.report.deviations());
    }

    /** G5: the chunk in which every Gemini candidate finished is the last; the connection held open after it is closed. */
    @Test
    void aGeminiConnectionHeldOpenAfterTheLastChunkEndsTheBodyAtOnce() throws IOException {
        Fixture f = Fixture.load("gemini/compliant-function-calls");
        ScriptedUpstream upstream = new ScriptedUpstream(f.input, ScriptedUpstream.After.SILENCE, 0);
        Read read = readAll(upstream, "");
        assertEquals(f.input, read.text);
        assertTrue(read.millis < 1000, "the end within a second of the last chunk: " + read.millis + " ms");
        assertTrue(upstream.isClosed(), "the upstream was released");
        assertEquals(Outcome.COMPLETED, read.report.outcome());
        assertEquals(Map.of(Deviation.G5, 1), read.report.deviations());
    }

    /** What a CRLF upstream sends after its last chunk, in the same read, is dropped and counted (D13), not left unread. */
    @Test
    void aDoneAfterTheLastGeminiChunkInTheSameReadIsDroppedAndCounted() throws IOException {
        Fixture f = Fixture.load("gemini/d13-done-after-finish");
        ScriptedUpstream upstream = new ScriptedUpstream(f.input, ScriptedUpstream.After.SILENCE, 0);
        Read read = readAll(upstream, "");
        assertEquals(f.expected, read.text);
        assertEquals(Map.of(Deviation.D13, 1, Deviation.G5, 1), read.report.deviations());
    }

    @Test
    void aConnectionHeldOpenAfterDoneEndsTheBodyAtOnce() throws IOException {
        Fixture f = Fixture.load("openai/compliant-tool-call");
        ScriptedUpstream upstream = new ScriptedUpstream(f.input, ScriptedUpstream.After.SILENCE, 0);
        Read read = readAll(upstream, "");
        assertEquals(f.input, read.text);
        assertTrue(read.millis < 1000, "the end within a second of [DONE]: " + read.millis + " ms");
        assertTrue(upstream.isClosed(), "the upstream was released");
        assertEquals(Outcome.COMPLETED, read.report.outcome());
        assertEquals(Map.of(Deviation.D42, 1), read.report.deviations());
    }

    @Test
    void aConnectionHeldOpenAfterMessageStopEndsTheBodyAtOnce() throws IOException {
        Fixture f = Fixture.load("anthropic/compliant-tool-use");
        ScriptedUpstream upstream = new ScriptedUpstream(f.input, ScriptedUpstream.After.PINGS, 20);
        Read read = readAll(upstream, "");
        assertEquals(f.input, read.text, "nothing after message_stop, pings included");
        assertTrue(read.millis < 1000, read.millis + " ms");
        assertEquals(1, read.report.deviations().get(Deviation.D42));
        assertEquals(java.util.Set.of(Deviation.D42, Deviation.D13), read.report.deviations().keySet(), "the pings read while waiting are data after the end");
    }

    @Test
    void dataAfterTheTerminalEventInTheSameReadIsDropped() throws IOException {
        Fixture f = Fixture.load("openai/compliant-tool-call");
        String after = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"late\"},\"finish_reason\":null}]}\n\n: comment\n\n";
        Read read = readAll(new ScriptedUpstream(f.input + after, ScriptedUpstream.After.SILENCE, 0), "");
        assertEquals(f.input, read.text);
        assertEquals(Map.of(Deviation.D13, 1, Deviation.D42, 1), read.report.deviations());
    }

    @Test
    void theClientClosingAfterTheTerminalEventCompletesTheStream() throws IOException {
        Fixture f = Fixture.load("openai/compliant-tool-call");
        AtomicReference<StreamReport> report = new AtomicReference<>();
        ScriptedUpstream upstream = new ScriptedUpstream(f.input, ScriptedUpstream.After.END, 0);
        GuardedInputStream in = new GuardedInputStream(upstream, new GuardEngine(GuardRun.config(""),
                new StreamContext("http://x", "test", null, report::set)));
        byte[] buf = new byte[f.input.length()];
        int n = in.readNBytes(buf, 0, buf.length);
        assertEquals(f.input, new String(buf, 0, n, StandardCharsets.UTF_8));
        in.close();
        assertEquals(Outcome.COMPLETED, report.get().outcome(), "the client had the whole stream");
        assertTrue(upstream.sawEnd, "its end was read on close, so that the connection can be reused");
    }

    @Test
    void anInterrupterStopsTheWaitWhereClosingWouldNot() throws IOException {
        Fixture f = Fixture.load("openai/compliant-tool-call");
        ScriptedUpstream upstream = new ScriptedUpstream(f.input, ScriptedUpstream.After.SILENCE, 0);
        AtomicInteger interrupted = new AtomicInteger();
        GuardedInputStream in = new GuardedInputStream(upstream, new GuardEngine(GuardRun.config(""),
                new StreamContext("http://x", "test", null, r -> { })), () -> {
                    interrupted.incrementAndGet();
                    upstream.close();
                });
        assertEquals(f.input, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(1, interrupted.get(), "the interrupter (an OkHttp call's cancel) stopped the wait");
    }

    @Test
    void observeModeLeavesTheEndToTheUpstream() throws IOException {
        Fixture f = Fixture.load("openai/compliant-tool-call");
        String after = ": comment\n\n";
        Read read = readAll(new ScriptedUpstream(f.input + after, ScriptedUpstream.After.END, 0), "mode=observe");
        assertEquals(f.input + after, read.text);
    }

    // ---- D43 ----------------------------------------------------------------------------------------------------

    private static String untilStopReason() {
        String all = Fixture.load("anthropic/compliant-tool-use").input;
        return all.substring(0, all.indexOf("event: message_stop"));
    }

    @Test
    void onlyPingsAfterTheStopReasonEndTheStreamAfterTheGrace() throws IOException {
        ScriptedUpstream upstream = new ScriptedUpstream(untilStopReason(), ScriptedUpstream.After.PINGS, 50);
        Read read = readAll(upstream, "stream.terminal-grace=400ms");
        assertTrue(read.text.startsWith(untilStopReason() + PING), "the pings went through while waiting");
        assertTrue(read.text.endsWith(PING + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), read.text);
        assertTrue(read.millis >= 350 && read.millis < 3000, "after the grace, counted from the stop reason: " + read.millis + " ms");
        assertTrue(upstream.isClosed());
        assertEquals(Outcome.COMPLETED, read.report.outcome());
        assertEquals(Map.of(Deviation.D43, 1), read.report.deviations());
    }

    /**
     * OpenAI: every choice finished, then comments only and no [DONE] on a connection held open. The finish chunk
     * the guard holds (D24) and the [DONE] it adds (D14) go out after the grace; the body ends, the upstream is released.
     */
    @Test
    void everyChoiceFinishedThenOnlyCommentsEndsTheStreamAfterTheGrace() throws IOException {
        Fixture f = Fixture.load("openai/compliant-tool-call");
        String untilFinish = f.input.substring(0, f.input.indexOf("data: [DONE]"));
        ScriptedUpstream upstream = new ScriptedUpstream(untilFinish, ScriptedUpstream.After.COMMENTS, 50);
        Read read = readAll(upstream, "stream.terminal-grace=400ms");
        assertTrue(read.text.startsWith(untilFinish), read.text);
        assertTrue(read.text.endsWith("data: [DONE]\n\n"), read.text);
        assertTrue(read.millis >= 350 && read.millis < 3000, "after the grace: " + read.millis + " ms");
        assertTrue(upstream.isClosed());
        assertEquals(Outcome.COMPLETED, read.report.outcome());
        assertEquals(Map.of(Deviation.D14, 1), read.report.deviations());
    }

    @Test
    void silenceAfterTheStopReasonEndsTheStreamAfterTheDefaultGrace() throws IOException {
        Read read = readAll(new ScriptedUpstream(untilStopReason(), ScriptedUpstream.After.SILENCE, 0), "");
        assertEquals(untilStopReason() + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", read.text);
        assertTrue(read.millis >= 2900 && read.millis < 6000, "the default grace is 3s: " + read.millis + " ms");
    }

    @Test
    void withoutAGraceTheGuardWaitsForTheUpstream() throws IOException {
        ScriptedUpstream upstream = new ScriptedUpstream(untilStopReason(), ScriptedUpstream.After.PINGS, 50);
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException e) {
                return;
            }
            upstream.close();
        });
        closer.start();
        AtomicReference<StreamReport> report = new AtomicReference<>();
        GuardedInputStream in = new GuardedInputStream(upstream, new GuardEngine(GuardRun.config("stream.terminal-grace=off"),
                new StreamContext("http://x", "test", null, report::set)));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, in::readAllBytes);
        assertEquals("closed", e.getMessage(), "the upstream's own end, after 700 ms");
        assertFalse(report.get().deviations().containsKey(Deviation.D43));
        assertEquals(Outcome.UPSTREAM_IO_ERROR, report.get().outcome());
    }

    /**
     * The grace counts while the guard waits for the upstream, not while the client is busy elsewhere: a client
     * that takes longer than the grace over the stop reason still reads the upstream's own message_stop.
     */
    @Test
    void aClientBusyLongerThanTheGraceStillGetsTheUpstreamsMessageStop() throws Exception {
        String stop = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        ScriptedUpstream upstream = new ScriptedUpstream(new String[] {untilStopReason(), stop}, ScriptedUpstream.After.END, 0);
        AtomicReference<StreamReport> report = new AtomicReference<>();
        GuardedInputStream in = new GuardedInputStream(upstream, new GuardEngine(GuardRun.config("stream.terminal-grace=200ms"),
                new StreamContext("http://x", "test", null, report::set)));
        byte[] buf = new byte[65536];
        assertEquals(untilStopReason(), new String(buf, 0, in.read(buf), StandardCharsets.UTF_8));
        Thread.sleep(600);
        assertEquals(stop, new String(buf, 0, in.read(buf), StandardCharsets.UTF_8), "the upstream's own, not the guard's");
        assertEquals(-1, in.read(buf));
        assertEquals(Map.of(), report.get().deviations());
        assertTrue(upstream.sawEnd);
    }

    @Test
    void aMessageStopWithinTheGraceEndsTheStreamNormally() throws IOException {
        String all = Fixture.load("anthropic/compliant-tool-use").input;
        Read read = readAll(new ScriptedUpstream(all, ScriptedUpstream.After.SILENCE, 0), "stream.terminal-grace=5s");
        assertEquals(all, read.text);
        assertTrue(read.millis < 1000);
        assertNull(read.report.deviations().get(Deviation.D43));
    }
}
