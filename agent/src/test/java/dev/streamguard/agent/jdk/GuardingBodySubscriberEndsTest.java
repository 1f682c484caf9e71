package dev.streamguard.agent.jdk;

import static dev.streamguard.agent.jdk.Fixtures.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.StreamGuardException;
import dev.streamguard.agent.jdk.FlowDoubles.RecordingDownstream;
import dev.streamguard.agent.jdk.FlowDoubles.RecordingSubscription;
import dev.streamguard.config.ConfigLoader;
import dev.streamguard.core.ChunkGuard;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.GuardEngine;
import dev.streamguard.core.Outcome;
import dev.streamguard.core.StreamContext;
import dev.streamguard.core.StreamReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The push adapter where a clock decides: the watchdog's thread, the HTTP client's and the application's
 * all reach the subscriber, and the application still gets one signal at a time (Flow rule 1.3); after the
 * terminal event the application is completed at once and the upstream released (D42); only pings after a
 * stop reason end after the grace (D43).
 */
@Timeout(60)
class GuardingBodySubscriberEndsTest {
    private static final String CHUNK = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n";
    private static final String FINISH = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    private final List<StreamReport> reports = Collections.synchronizedList(new ArrayList<>());

    private final class Rig {
        final RecordingSubscription upstream = new RecordingSubscription();
        final RecordingDownstream downstream = new RecordingDownstream();
        final GuardingBodySubscriber<String> subscriber;

        Rig(String config) {
            ChunkGuard guard = new ChunkGuard(new GuardEngine(ConfigLoader.load(config, new Properties(), Map.of()),
                    new StreamContext("http://127.0.0.1/v1/x", "test", null, reports::add)));
            subscriber = new GuardingBodySubscriber<>(downstream, guard);
            subscriber.onSubscribe(upstream);
        }
    }

    private static void await(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    /**
     * The idle clock runs out while the application is still inside the onNext of the last item: the failure
     * waits until that onNext has returned (it once arrived from the watchdog's thread in the middle of it).
     */
    @Test
    void anIdleTimeoutDuringABusyOnNextIsSignalledAfterIt() throws Exception {
        Rig rig = new Rig("stream.idle-timeout=50ms");
        rig.downstream.onNextMillis = 400;
        rig.downstream.request(5);
        Thread http = new Thread(() -> rig.subscriber.onNext(item(CHUNK)));
        http.start();
        await(() -> rig.downstream.ended(), 5000);
        http.join();
        assertEquals(List.of(), rig.downstream.violations, "one signal at a time");
        assertEquals(List.of("next:" + CHUNK, "error:streamguard: no data from the upstream for 50ms (streamguard.stream.idle-timeout)"
                + " after 1 events (" + CHUNK.length() + " bytes); the stream was stopped"), rig.downstream.signals());
        assertEquals(1, rig.upstream.cancels.get(), "the silent upstream is stopped at once");
        assertTrue(rig.downstream.threads.stream().noneMatch(t -> t.equals("streamguard-watchdog")),
                "no application code on the watchdog's thread: " + rig.downstream.threads);
    }

    /** An application whose onNext throws: the exception reaches the caller, and later signals are not stuck. */
    @Test
    void anExceptionFromTheApplicationDoesNotJamTheSignals() throws Exception {
        Rig rig = new Rig("");
        rig.downstream.onNextThrows = new IllegalStateException("application bug");
        rig.downstream.request(5);
        IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> rig.subscriber.onNext(item(CHUNK)));
        assertEquals("application bug", thrown.getMessage());
        assertEquals(1, rig.upstream.cancels.get(), "the upstream is cancelled");
        rig.subscriber.onNext(item(FINISH + DONE));
        rig.subscriber.onComplete();
        assertEquals(List.of("next:" + CHUNK), rig.downstream.signals(), "nothing more reaches the application");
        await(() -> !reports.isEmpty(), 3000);
        assertEquals(Outcome.CANCELLED, reports.get(0).outcome());
    }

    /** The application cancels after [DONE], before the upstream's end: the stream was whole all the same. */
    @Test
    void aCancelAfterDoneIsACompletedStream() throws Exception {
        Rig rig = new Rig("");
        rig.downstream.request(1);
        rig.subscriber.onNext(item(CHUNK + FINISH + DONE));
        rig.downstream.cancel();
        await(() -> !reports.isEmpty(), 3000);
        assertEquals(Outcome.COMPLETED, reports.get(0).outcome());
        assertEquals(1, rig.upstream.cancels.get());
    }

    @Test
    void afterDoneTheApplicationIsCompletedAtOnceAndAHeldOpenUpstreamCancelled() throws Exception {
        Rig rig = new Rig("");
        rig.downstream.request(1);
        rig.subscriber.onNext(item(CHUNK + FINISH + DONE));
        assertEquals(List.of("next:" + CHUNK + FINISH + DONE, "complete"), rig.downstream.signals(), "completed at once");
        assertEquals(List.of(1L, Long.MAX_VALUE), rig.upstream.requests(), "the rest of the body is read, to be dropped");
        assertEquals(0, rig.upstream.cancels.get());
        rig.subscriber.onNext(item(": keep-alive\n\n"));
        await(() -> rig.upstream.cancels.get() > 0, 3000);
        assertEquals(1, rig.upstream.cancels.get(), "released when its end did not come");
        await(() -> !reports.isEmpty(), 3000);
        assertEquals(Map.of(Deviation.D42, 1), reports.get(0).deviations());
        assertEquals(Outcome.COMPLETED, reports.get(0).outcome());
        assertEquals(2, rig.downstream.signals().size(), "nothing after the end");
        assertEquals(List.of(), rig.downstream.violations);
    }

    @Test
    void anUpstreamThatEndsAfterDoneIsNotCancelled() throws Exception {
        Rig rig = new Rig("");
        rig.downstream.request(1);
        rig.subscriber.onNext(item(CHUNK + FINISH + DONE));
        rig.subscriber.onComplete();
        Thread.sleep(3 * GuardEngine.TERMINAL_DRAIN_NANOS / 1_000_000);
        assertEquals(0, rig.upstream.cancels.get(), "its connection can be reused");
        assertEquals(1, reports.size());
        assertEquals(Map.of(), reports.get(0).deviations());
    }

    /** The terminal event's CR ends the item: its LF comes in the next one, and the application's end with it. */
    @Test
    void theLfOfTheTerminalEventsLastLineStillGoesOut() throws Exception {
        Rig rig = new Rig("");
        rig.downstream.request(2);
        String body = (CHUNK + FINISH + DONE).replace("\n", "\r\n");
        rig.subscriber.onNext(item(body.substring(0, body.length() - 1)));
        assertEquals(1, rig.downstream.signals().size(), "the events so far, not yet the end");
        rig.subscriber.onNext(item("\n"));
        assertEquals(List.of("next:" + body.substring(0, body.length() - 1), "next:\n", "complete"), rig.downstream.signals());
    }

    @Test
    void onlyPingsAfterTheStopReasonEndAfterTheGrace() throws Exception {
        String start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n";
        String delta = "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":1}}\n\n";
        String ping = "event: ping\ndata: {\"type\":\"ping\"}\n\n";
        Rig rig = new Rig("stream.terminal-grace=300ms");
        rig.downstream.autoRequest = 1;
        rig.downstream.request(1);
        long start0 = System.nanoTime();
        rig.subscriber.onNext(item(start + delta));
        for (int i = 0; i < 3; i++) {
            Thread.sleep(50);
            rig.subscriber.onNext(item(ping));
        }
        await(() -> rig.downstream.ended(), 5000);
        long millis = (System.nanoTime() - start0) / 1_000_000;
        assertTrue(millis >= 250 && millis < 3000, millis + " ms");
        List<String> signals = rig.downstream.signals();
        assertEquals("next:event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", signals.get(signals.size() - 2));
        assertEquals("complete", signals.get(signals.size() - 1));
        assertEquals(1, rig.upstream.cancels.get());
        assertEquals(Map.of(Deviation.D43, 1), reports.get(0).deviations());
        assertEquals(List.of(), rig.downstream.violations);
    }

    @Test
    void aFailureIsNeverFollowedByAnotherSignal() throws Exception {
        Rig rig = new Rig("stream.idle-timeout=20ms");
        rig.downstream.request(10);
        rig.subscriber.getBody();
        rig.subscriber.onNext(item("data: {\"error\":{\"message\":\"boom\"}}\n\n"));
        Thread.sleep(200);
        rig.subscriber.onComplete();
        assertEquals(List.of("error:streamguard: upstream error: boom"), rig.downstream.signals());
        assertTrue(rig.downstream.error instanceof StreamGuardException);
        assertEquals(List.of(), rig.downstream.violations);
    }
}
