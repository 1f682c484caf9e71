package dev.streamguard.agent.jdk;

import static dev.streamguard.agent.jdk.Fixtures.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.streamguard.StreamGuardException;
import dev.streamguard.agent.jdk.FlowDoubles.RecordingDownstream;
import dev.streamguard.agent.jdk.FlowDoubles.RecordingSubscription;
import dev.streamguard.agent.jdk.FlowDoubles.ScriptedPublisher;
import dev.streamguard.config.ConfigLoader;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.core.ChunkGuard;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.GuardEngine;
import dev.streamguard.core.Outcome;
import dev.streamguard.core.StreamContext;
import dev.streamguard.core.StreamReport;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GuardingBodySubscriber} between a scripted upstream and a recording (or a real JDK) downstream, around a
 * real {@link ChunkGuard}: Flow demand stays honest in both directions, failures arrive after the bytes before
 * them and cancel the upstream, every terminal signal is delivered exactly once, also under races.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GuardingBodySubscriberTest {
    private static final String URL = "http://127.0.0.1/v1/chat/completions";
    private static final String E1 = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
    private static final String E2 = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"Hi \\u00e9\"},\"finish_reason\":null}]}\n\n";
    private static final String E3 = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    /** What a stream whose last event finishes its choice delivers before its end: all but that event (D24). */
    private static String held(String body) {
        return body.substring(0, body.length() - finish(body).length());
    }

    /** The last event of a body, which finishes its choice and waits for the next event or the end (D24). */
    private static String finish(String body) {
        return body.substring(body.lastIndexOf("\n\n", body.length() - 3) + 2);
    }
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** How long each race test may run (it stops earlier once it ran all its iterations). */
    private static final Duration RACE_BUDGET = Duration.ofSeconds(3);

    private final List<StreamReport> reports = Collections.synchronizedList(new ArrayList<>());
    private final List<ExecutorService> executors = new ArrayList<>();

    @AfterEach
    void stopThreads() {
        executors.forEach(ExecutorService::shutdownNow);
    }

    private static GuardConfig config(String agentArgument) {
        return ConfigLoader.load(agentArgument, new Properties(), Map.of());
    }

    private ChunkGuard guard() {
        return guard(config(""));
    }

    private ChunkGuard guard(GuardConfig config) {
        return guard(config, null);
    }

    private ChunkGuard guard(GuardConfig config, String requestJson) {
        byte[] request = requestJson == null ? null : requestJson.getBytes(StandardCharsets.UTF_8);
        return new ChunkGuard(new GuardEngine(config, new StreamContext(URL, "test", request, reports::add)));
    }

    private StreamReport onlyReport() {
        synchronized (reports) {
            assertEquals(1, reports.size(), () -> "exactly one report: " + reports);
            return reports.get(0);
        }
    }

    /** Waits (a few seconds at most) until {@code n} reports were made, and checks that no more came. */
    private void awaitReports(int n, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reports.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertEquals(n, reports.size(), () -> what + ": reports " + reports);
    }

    /** Waits (a few seconds at most) until the upstream was cancelled. */
    private static void awaitCancel(RecordingSubscription upstream) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (upstream.cancels.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    private ExecutorService executor(int threads, String name) {
        ExecutorService e = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executors.add(e);
        return e;
    }

    /** The subscriber under test, subscribed to a recording upstream, with a recording downstream. */
    private static final class Rig {
        final RecordingSubscription upstream = new RecordingSubscription();
        final RecordingDownstream downstream = new RecordingDownstream();
        final GuardingBodySubscriber<String> subscriber;

        Rig(ChunkGuard guard) {
            subscriber = new GuardingBodySubscriber<>(downstream, guard);
            subscriber.onSubscribe(upstream);
        }

        void assertNoViolations() {
            assertEquals(List.of(), downstream.violations, "Flow rules towards the application");
        }
    }

    private static String[] events(String body) {
        String[] parts = body.split("(?<=\n\n)");
        assertTrue(parts.length > 1, "a body of several events");
        return parts;
    }

    // ---- subscription and body ---------------------------------------------------------------------------------

    @Test
    void getBodyIsTheApplicationsOwnStage() {
        Rig rig = new Rig(guard());
        assertSame(rig.downstream.getBody(), rig.subscriber.getBody());
    }

    @Test
    void downstreamIsSubscribedOnceAndNothingIsRequestedBeforeItAsks() {
        Rig rig = new Rig(guard());
        assertEquals(1, rig.downstream.subscribes.get());
        assertNotNull(rig.downstream.subscription);
        assertNotSame(rig.upstream, rig.downstream.subscription, "the application gets the guard's subscription");
        assertEquals(List.of(), rig.upstream.requests(), "never read ahead of the application");
        assertEquals(0, rig.upstream.cancels.get());
    }

    @Test
    void requestsAreForwardedOneToOne() {
        Rig rig = new Rig(guard());
        rig.downstream.request(3);
        assertEquals(List.of(3L), rig.upstream.requests());
        rig.downstream.request(1);
        assertEquals(List.of(3L, 1L), rig.upstream.requests());
        rig.downstream.request(Long.MAX_VALUE);
        assertEquals(List.of(3L, 1L, Long.MAX_VALUE), rig.upstream.requests());
        rig.assertNoViolations();
    }

    @Test
    void itemsThatCompleteEventsAreForwardedAsOneItemEach() {
        Rig rig = new Rig(guard());
        rig.downstream.request(2);
        rig.subscriber.onNext(item(E1));
        rig.subscriber.onNext(List.of(ByteBuffer.wrap(E2.substring(0, 9).getBytes(StandardCharsets.UTF_8)),
                ByteBuffer.wrap(E2.substring(9).getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of("next:" + E1, "next:" + E2), rig.downstream.signals());
        assertEquals(List.of(2L), rig.upstream.requests(), "no extra request when an item yields output");
        rig.assertNoViolations();
    }

    // ---- demand -------------------------------------------------------------------------------------------------

    @Test
    void anItemThatYieldsNothingIsReplacedByExactlyOneUpstreamRequest() {
        Rig rig = new Rig(guard());
        rig.downstream.request(1);
        assertEquals(List.of(1L), rig.upstream.requests());

        rig.subscriber.onNext(item(E1.substring(0, 20)));
        assertEquals(List.of(), rig.downstream.signals(), "a partial line yields nothing");
        assertEquals(List.of(1L, 1L), rig.upstream.requests(), "one replacement request(1)");

        // One item of several buffers, still no complete event: still exactly one replacement.
        rig.subscriber.onNext(List.of(ByteBuffer.wrap(E1.substring(20, 30).getBytes(StandardCharsets.UTF_8)),
                ByteBuffer.wrap(E1.substring(30, 50).getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of(1L, 1L, 1L), rig.upstream.requests());

        rig.subscriber.onNext(item(E1.substring(50)));
        assertEquals(List.of("next:" + E1), rig.downstream.signals());
        assertEquals(List.of(1L, 1L, 1L), rig.upstream.requests(), "an item with output needs no replacement");

        // The rest of one event and the start of the next: output, no replacement.
        rig.downstream.request(1);
        rig.subscriber.onNext(item(E2 + E3.substring(0, 10)));
        assertEquals(List.of("next:" + E1, "next:" + E2), rig.downstream.signals());
        assertEquals(List.of(1L, 1L, 1L, 1L), rig.upstream.requests());
        rig.assertNoViolations();
    }

    @Test
    void aSynthesizedDoneWaitsForDemandAfterOnComplete() {
        Fixtures d14 = Fixtures.load("openai/d14-missing-done");
        Rig rig = new Rig(guard());
        rig.downstream.request(1);
        rig.subscriber.onNext(item(d14.input));
        assertEquals(List.of("next:" + held(d14.input)), rig.downstream.signals());

        rig.subscriber.onComplete();
        assertEquals(1, rig.downstream.signals().size(), () -> "nothing more before the application asks: "
                + rig.downstream.signals());
        assertFalse(rig.downstream.ended());
        rig.assertNoViolations();

        rig.downstream.request(1);
        assertEquals(List.of("next:" + held(d14.input), "next:" + finish(d14.input) + DONE, "complete"), rig.downstream.signals());
        assertEquals(d14.expected, rig.downstream.text());
        assertEquals("complete", rig.downstream.signals().get(2));

        rig.downstream.request(5);
        assertEquals(3, rig.downstream.signals().size(), "nothing after the end");
        rig.assertNoViolations();
        StreamReport report = onlyReport();
        assertEquals(Outcome.COMPLETED, report.outcome());
        assertEquals(1, report.count(Deviation.D14));
    }

    @Test
    void aSynthesizedDoneGoesOutAtOnceWhenDemandIsThere() {
        Fixtures d14 = Fixtures.load("openai/d14-missing-done");
        Rig rig = new Rig(guard());
        rig.downstream.request(2);
        rig.subscriber.onNext(item(d14.input));
        rig.subscriber.onComplete();
        assertEquals(List.of("next:" + held(d14.input), "next:" + finish(d14.input) + DONE, "complete"), rig.downstream.signals());
        rig.assertNoViolations();
    }

    @Test
    void aCompleteStreamEndsWithoutWaitingForDemand() {
        Rig rig = new Rig(guard());
        rig.downstream.request(1);
        rig.subscriber.onNext(item(E1 + E2 + E3 + DONE));
        rig.subscriber.onComplete();
        assertEquals(List.of("next:" + E1 + E2 + E3 + DONE, "complete"), rig.downstream.signals());
        assertEquals(Outcome.COMPLETED, onlyReport().outcome());
        rig.assertNoViolations();
    }

    /**
     * Every fixture, in small chunks from an upstream that honours demand, to an application that requests at its
     * own pace: it reads exactly the expected bytes, then the expected end, never getting more than it asked for.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sync", "async"})
    void everyFixtureInSmallChunksKeepsDemandHonest(String delivery) throws Exception {
        ExecutorService upstreamThread = delivery.equals("async") ? executor(1, "upstream") : null;
        Random random = new Random(42);
        int runs = 0;
        for (Fixtures f : Fixtures.all()) {
            for (int maxChunk : new int[] {3, 17, 200}) {
                for (String mode : new String[] {"enforce", "observe"}) {
                    reports.clear();
                    String arg = f.config.isEmpty() ? "mode=" + mode : f.config + ",mode=" + mode;
                    RecordingDownstream app = new RecordingDownstream();
                    GuardingBodySubscriber<String> sub = new GuardingBodySubscriber<>(app, guard(config(arg), f.request));
                    ScriptedPublisher upstream = new ScriptedPublisher(sub, Fixtures.items(f.inputBytes(), maxChunk,
                            random.nextLong()), null, upstreamThread).start();
                    // Every other run, the application requests one more item from inside each onNext; otherwise
                    // it asks for 1 to 3 items at a time, from its own thread, once it received all it asked for.
                    boolean fromOnNext = runs % 2 == 1;
                    String what = f + " chunks<=" + maxChunk + " " + mode + " " + delivery
                            + (fromOnNext ? " requests-in-onNext" : "");
                    if (fromOnNext) {
                        app.autoRequest = 1;
                        app.request(1);
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!app.ended()) {
                        if (!fromOnNext && app.nexts.get() >= app.requested.get()) {
                            app.request(1 + random.nextInt(3));
                        } else {
                            Thread.onSpinWait();
                        }
                        if (System.nanoTime() > deadline) {
                            fail(what + ": no end after the application requested " + app.requested + "; signals "
                                    + app.signals());
                        }
                    }
                    app.getBody().toCompletableFuture().handle((v, t) -> null).get(5, TimeUnit.SECONDS);
                    assertEquals(List.of(), app.violations, what);
                    assertEquals(List.of(), upstream.violations, what);
                    boolean failing = mode.equals("enforce") && f.failureCause != null;
                    assertEquals(mode.equals("enforce") ? f.expected : f.input, app.text(), what);
                    if (failing) {
                        StreamGuardException e = assertInstanceOf(StreamGuardException.class, app.error, what);
                        assertEquals(f.failureCause, e.reason(), what);
                        assertEquals(f.failureMessage, e.getMessage(), what);
                        assertEquals(1, app.errors.get(), what);
                        assertEquals(0, app.completes.get(), what);
                        assertTrue(app.signals().get(app.signals().size() - 1).startsWith("error:"), what);
                    } else {
                        assertEquals(null, app.error, what);
                        assertEquals(1, app.completes.get(), what);
                        assertEquals(0, upstream.cancels.get(), what + ": a stream that ends well is never cancelled");
                    }
                    assertTrue(upstream.delivered.get() <= upstream.requested.get(), what);
                    // Each upstream item gives at most one onNext, and the guard's end at most one more.
                    assertTrue(app.nexts.get() <= upstream.delivered.get() + 1, what);
                    // After the terminal event the application is done at once; the report waits for the upstream's end.
                    awaitReports(1, what);
                    runs++;
                }
            }
        }
        assertTrue(runs > 100, "ran " + runs);
    }

    // ---- failures -----------------------------------------------------------------------------------------------

    @Test
    void anUpstreamErrorEventDeliversTheBytesBeforeItThenFailsAndCancelsUpstreamOnceTheClientTookTheBody() throws Exception {
        Fixtures d12 = Fixtures.load("openai/d12-upstream-error");
        Rig rig = new Rig(guard());
        rig.downstream.request(1);
        rig.subscriber.onNext(item(d12.input));

        assertEquals(List.of("next:" + d12.expected, "error:" + d12.failureMessage), rig.downstream.signals());
        StreamGuardException e = assertInstanceOf(StreamGuardException.class, rig.downstream.error);
        assertEquals(StreamGuardException.Cause.UPSTREAM_ERROR, e.reason());
        assertTrue(e.getMessage().startsWith("streamguard: upstream error: "), e.getMessage());
        assertEquals(List.of(1L), rig.upstream.requests(), "nothing more is requested after the failure");
        // A cancel before the client took the body could replace the guard's error with the client's "closed".
        Thread.sleep(3 * GuardingBodySubscriber.CANCEL_DELAY_NANOS / 1_000_000);
        assertEquals(0, rig.upstream.cancels.get(), "not cancelled until the client takes the body");
        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> rig.subscriber.getBody().toCompletableFuture().get(1, TimeUnit.SECONDS));
        assertSame(e, thrown.getCause());
        long taken = System.nanoTime();
        awaitCancel(rig.upstream);
        assertEquals(1, rig.upstream.cancels.get(), "cancelled soon after the client took the body, with no signal from the upstream");
        assertTrue(System.nanoTime() - taken < TimeUnit.SECONDS.toNanos(2), "soon");
        assertEquals(List.of(1L), rig.upstream.requests(), "nothing more is requested once cancelled");

        // The upstream, cancelled, may still signal: the application hears nothing more.
        rig.subscriber.onNext(item("data: {\"late\":true}\n\n"));
        rig.subscriber.onComplete();
        rig.subscriber.onError(new IOException("cancelled"));
        assertEquals(2, rig.downstream.signals().size(), () -> rig.downstream.signals().toString());
        assertEquals(1, rig.downstream.errors.get());
        assertEquals(0, rig.downstream.completes.get());
        rig.assertNoViolations();
        assertEquals(Outcome.FAILED, onlyReport().outcome());
    }

    /** After a failure nothing is requested, so a flood cannot come; the upstream is cancelled without waiting for it. */
    @Test
    void aFailedStreamIsCancelledWithoutWaitingForTheUpstreamsNextSignal() throws Exception {
        Fixtures d12 = Fixtures.load("openai/d12-upstream-error");
        Rig rig = new Rig(guard());
        rig.subscriber.getBody();
        rig.downstream.request(5);
        rig.subscriber.onNext(item(d12.input));
        assertEquals(1, rig.downstream.errors.get());
        awaitCancel(rig.upstream);
        assertEquals(1, rig.upstream.cancels.get());
        assertEquals(List.of(5L), rig.upstream.requests());
        rig.assertNoViolations();
    }

    @Test
    void anUpstreamErrorEventInItsOwnItemFailsWithoutAReplacementRequest() throws Exception {
        Fixtures d12 = Fixtures.load("openai/d12-upstream-error");
        String[] events = events(d12.input);
        Rig rig = new Rig(guard());
        rig.downstream.request(1);
        rig.subscriber.onNext(item(events[0]));
        rig.downstream.request(1);
        rig.subscriber.onNext(item(events[1]));
        rig.downstream.request(1);
        rig.subscriber.onNext(item(events[2])); // the error event: no output, a failure
        assertEquals(List.of("next:" + events[0], "next:" + events[1], "error:" + d12.failureMessage),
                rig.downstream.signals());
        assertEquals(List.of(1L, 1L, 1L), rig.upstream.requests(), "no replacement request for the failing item");
        rig.subscriber.getBody();
        awaitCancel(rig.upstream);
        assertEquals(1, rig.upstream.cancels.get());
        rig.subscriber.onNext(item(events[3]));
        assertEquals(3, rig.downstream.signals().size());
        assertEquals(List.of(1L, 1L, 1L), rig.upstream.requests());
        rig.assertNoViolations();
    }

    @Test
    void aTruncatedStreamDeliversEveryCompleteEventThenFails() {
        Fixtures d15 = Fixtures.load("openai/d15-cut-mid-event");
        Rig rig = new Rig(guard());
        rig.downstream.request(Long.MAX_VALUE);
        byte[] body = d15.inputBytes();
        for (int at = 0; at < body.length; at += 10) {
            rig.subscriber.onNext(List.of(ByteBuffer.wrap(body, at, Math.min(10, body.length - at)).slice()));
        }
        assertFalse(rig.downstream.ended());
        rig.subscriber.onComplete();

        assertEquals(d15.expected, rig.downstream.text());
        List<String> signals = rig.downstream.signals();
        assertEquals("error:" + d15.failureMessage, signals.get(signals.size() - 1));
        StreamGuardException e = assertInstanceOf(StreamGuardException.class, rig.downstream.error);
        assertEquals(StreamGuardException.Cause.TRUNCATED, e.reason());
        assertEquals(d15.failureMessage, e.getMessage());
        assertEquals(0, rig.downstream.completes.get());
        assertEquals(1, rig.downstream.errors.get());
        rig.assertNoViolations();
        assertEquals(Outcome.FAILED, onlyReport().outcome());
    }

    @Test
    void aTruncationAtTheEndIsSignalledEvenWithoutDemand() {
        Rig rig = new Rig(guard());
        rig.downstream.request(1);
        rig.subscriber.onNext(item(E1 + E2));
        rig.subscriber.onComplete();
        assertEquals(2, rig.downstream.signals().size(), () -> rig.downstream.signals().toString());
        assertInstanceOf(StreamGuardException.class, rig.downstream.error);
        assertEquals(StreamGuardException.Cause.TRUNCATED, ((StreamGuardException) rig.downstream.error).reason());
        rig.assertNoViolations();
    }

    @Test
    void anUpstreamIoErrorIsForwardedOnceAsItIs() {
        Rig rig = new Rig(guard());
        rig.downstream.request(1);
        rig.subscriber.onNext(item(E1.substring(0, 30)));
        IOException cut = new IOException("connection reset");
        rig.subscriber.onError(cut);
        assertEquals(List.of("error:connection reset"), rig.downstream.signals());
        assertSame(cut, rig.downstream.error);

        rig.subscriber.onError(new IOException("again"));
        rig.subscriber.onComplete();
        assertEquals(1, rig.downstream.signals().size(), () -> rig.downstream.signals().toString());
        assertEquals(1, rig.downstream.errors.get());
        assertEquals(Outcome.UPSTREAM_IO_ERROR, onlyReport().outcome());
        rig.assertNoViolations();
    }

    @Test
    void anUpstreamErrorWhileTheLastBytesWaitForDemandIsNotDeliveredAfterThem() {
        // Not a legal upstream sequence (onError after onComplete), but the application must still see one end.
        Fixtures d14 = Fixtures.load("openai/d14-missing-done");
        Rig rig = new Rig(guard());
        rig.downstream.request(1);
        rig.subscriber.onNext(item(d14.input));
        rig.subscriber.onComplete();
        rig.subscriber.onError(new IOException("late"));
        rig.downstream.request(1);
        List<String> signals = rig.downstream.signals();
        assertEquals(1, rig.downstream.completes.get() + rig.downstream.errors.get(), signals::toString);
        rig.assertNoViolations();
    }

    // ---- cancel -------------------------------------------------------------------------------------------------

    @Test
    void cancelFromTheApplicationCancelsUpstreamAndReportsCancelled() {
        Rig rig = new Rig(guard());
        rig.downstream.request(1);
        rig.subscriber.onNext(item(E1));
        assertEquals(1, rig.downstream.nexts.get());
        assertEquals(0, rig.upstream.cancels.get());

        rig.downstream.cancel();
        assertEquals(1, rig.upstream.cancels.get());
        assertEquals(Outcome.CANCELLED, onlyReport().outcome());

        // An item already in flight does not reach the application.
        rig.subscriber.onNext(item(E2));
        assertEquals(1, rig.downstream.nexts.get());
        assertEquals(0, rig.downstream.errors.get());
        rig.assertNoViolations();
    }

    @Test
    void cancelWhileTheLastBytesWaitForDemandDropsThem() {
        Fixtures d14 = Fixtures.load("openai/d14-missing-done");
        Rig rig = new Rig(guard());
        rig.downstream.request(1);
        rig.subscriber.onNext(item(d14.input));
        rig.subscriber.onComplete();
        rig.downstream.cancel();
        assertEquals(0, rig.upstream.cancels.get(), "the upstream had ended: nothing to cancel");
        assertEquals(1, rig.downstream.nexts.get());
        assertEquals(1, reports.size());
        rig.assertNoViolations();
    }

    /**
     * Flow rule 3.6: once the application cancelled, its requests are no-ops. Here the guard still holds the
     * finish chunk and the synthesized [DONE] when the application cancels; a request made afterwards must not
     * deliver them.
     */
    @Test
    void aRequestAfterCancelDeliversNothing() {
        Fixtures d14 = Fixtures.load("openai/d14-missing-done");
        Rig rig = new Rig(guard());
        rig.downstream.request(1);
        rig.subscriber.onNext(item(d14.input));
        rig.subscriber.onComplete();
        rig.downstream.cancel();
        rig.downstream.request(1);
        assertEquals(List.of("next:" + held(d14.input)), rig.downstream.signals(),
                "nothing may reach the application after it cancelled and then requested");
        rig.assertNoViolations();
    }

    // ---- races --------------------------------------------------------------------------------------------------

    /**
     * onComplete on the upstream's thread while the application requests from its own threads: the guard's last
     * bytes go out exactly once, only against demand, and the end comes after them, exactly once. The requests are
     * timed to land anywhere from the start to just past the end of {@code onComplete}, most of them near its end,
     * where the wrapper publishes that the body ended and checks the demand.
     */
    @Test
    void requestsRacingOnCompleteNeverDuplicateLoseOrReorderTheLastItem() throws Exception {
        Fixtures d14 = Fixtures.load("openai/d14-missing-done");
        long onCompleteNanos = onCompleteNanos(d14.input);
        ExecutorService threads = executor(3, "race");
        Random random = new Random(7);
        long budget = System.nanoTime() + RACE_BUDGET.toNanos();
        int i = 0;
        for (; i < 6000 && (i < 300 || System.nanoTime() < budget); i++) {
            reports.clear();
            Rig rig = new Rig(guard());
            rig.downstream.request(1);
            rig.subscriber.onNext(item(d14.input));
            int requesters = i % 3 == 2 ? 2 : 1;
            CyclicBarrier start = new CyclicBarrier(requesters + 1);
            AtomicLong completing = new AtomicLong();
            List<Future<?>> done = new ArrayList<>();
            done.add(threads.submit(() -> {
                start.await();
                completing.set(System.nanoTime());
                rig.subscriber.onComplete();
                return null;
            }));
            for (int r = 0; r < requesters; r++) {
                long delay = (long) (onCompleteNanos * (i % 4 == 0 ? random.nextDouble() * 1.5
                        : 0.6 + random.nextDouble() * 0.6));
                done.add(threads.submit(() -> {
                    start.await();
                    long t;
                    while ((t = completing.get()) == 0) {
                        Thread.yield();
                    }
                    while (System.nanoTime() - t < delay) {
                        Thread.onSpinWait();
                    }
                    rig.downstream.request(1);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
            String what = "iteration " + i + " with " + requesters + " requester(s): " + rig.downstream.signals();
            assertEquals(List.of(), rig.downstream.violations, what);
            assertEquals(List.of("next:" + held(d14.input), "next:" + finish(d14.input) + DONE, "complete"), rig.downstream.signals(), what);
            assertEquals(1, reports.size(), what);
        }
        assertTrue(i >= 300, "iterations: " + i);
    }

    /** Two requests at the same instant, after the body ended: the last bytes go out once, then the end once. */
    @Test
    void simultaneousRequestsAfterOnCompleteDeliverTheLastItemOnce() throws Exception {
        Fixtures d14 = Fixtures.load("openai/d14-missing-done");
        ExecutorService threads = executor(2, "race");
        long budget = System.nanoTime() + RACE_BUDGET.toNanos();
        for (int i = 0; i < 4000 && (i < 300 || System.nanoTime() < budget); i++) {
            Rig rig = new Rig(guard());
            rig.downstream.request(1);
            rig.subscriber.onNext(item(d14.input));
            rig.subscriber.onComplete();
            long at = System.nanoTime() + 50_000;
            List<Future<?>> done = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                done.add(threads.submit(() -> {
                    while (System.nanoTime() < at) {
                        Thread.onSpinWait();
                    }
                    rig.downstream.request(1);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
            String what = "iteration " + i + ": " + rig.downstream.signals();
            assertEquals(List.of(), rig.downstream.violations, what);
            assertEquals(List.of("next:" + held(d14.input), "next:" + finish(d14.input) + DONE, "complete"), rig.downstream.signals(), what);
        }
    }

    /** How long {@code onComplete} takes when the last bytes must wait for demand (median of warm runs). */
    private long onCompleteNanos(String body) {
        long[] times = new long[401];
        for (int i = 0; i < times.length; i++) {
            Rig rig = new Rig(guard());
            rig.downstream.request(1);
            rig.subscriber.onNext(item(body));
            long t0 = System.nanoTime();
            rig.subscriber.onComplete();
            times[i] = System.nanoTime() - t0;
            assertEquals(1, rig.downstream.signals().size());
        }
        reports.clear();
        java.util.Arrays.sort(times);
        return Math.max(200, times[times.length / 2]);
    }

    @Test
    void requestsRacingOnCompleteOfACompleteStreamEndItOnce() throws Exception {
        ExecutorService threads = executor(2, "race");
        for (int i = 0; i < 2000; i++) {
            Rig rig = new Rig(guard());
            rig.downstream.request(1);
            rig.subscriber.onNext(item(E1 + E3 + DONE));
            CyclicBarrier start = new CyclicBarrier(2);
            Future<?> a = threads.submit(() -> {
                start.await();
                rig.subscriber.onComplete();
                return null;
            });
            Future<?> b = threads.submit(() -> {
                start.await();
                rig.downstream.request(1);
                return null;
            });
            a.get(10, TimeUnit.SECONDS);
            b.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("next:" + E1 + E3 + DONE, "complete"), rig.downstream.signals(), "iteration " + i);
            assertEquals(List.of(), rig.downstream.violations);
        }
    }

    // ---- real JDK subscribers as the application ------------------------------------------------------------------

    private <T> GuardingBodySubscriber<T> feed(HttpResponse.BodySubscriber<T> app, Fixtures f, int maxChunk, boolean async,
                                               long seed) {
        GuardingBodySubscriber<T> sub = new GuardingBodySubscriber<>(app, guard(config(f.config), f.request));
        new ScriptedPublisher(sub, Fixtures.items(f.inputBytes(), maxChunk, seed), null,
                async ? executor(1, "upstream") : null).start();
        return sub;
    }

    private static byte[] readSlowly(InputStream in, Random random) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64];
        int reads = 0;
        while (true) {
            // Let the upstream run ahead if anything would let it: ofInputStream fails on an item it did not ask for.
            if (reads++ % 7 == 0) {
                try {
                    Thread.sleep(0, random.nextInt(200_000));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            int n = in.read(buf, 0, 1 + random.nextInt(buf.length));
            if (n < 0) {
                return out.toByteArray();
            }
            out.write(buf, 0, n);
        }
    }

    private static List<String> lines(String text) {
        return new BufferedReader(new StringReader(text)).lines().collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openai/litellm-combined", "openai/d14-missing-done", "openai/compliant-tool-call",
            "anthropic/d19-missing-message-stop", "anthropic/d16-input-in-start"})
    void ofInputStreamReadsTheRepairedBody(String name) throws Exception {
        Fixtures f = Fixtures.load(name);
        Random random = new Random(name.hashCode());
        for (int round = 0; round < 12; round++) {
            boolean async = round % 2 == 0;
            int maxChunk = round < 6 ? 5 : 64;
            GuardingBodySubscriber<InputStream> sub = feed(HttpResponse.BodySubscribers.ofInputStream(), f, maxChunk,
                    async, random.nextLong());
            String what = name + " round " + round;
            try (InputStream in = sub.getBody().toCompletableFuture().get(5, TimeUnit.SECONDS)) {
                // A lost last item would block the read for ever: bound it.
                String read = assertTimeoutPreemptively(READ_TIMEOUT, () -> new String(readSlowly(in, random),
                        StandardCharsets.UTF_8), () -> what + ": the application's read never ended");
                assertEquals(f.expected, read, what);
            }
        }
    }

    @Test
    void ofInputStreamGetsTheFailureAfterTheBytesBeforeIt() throws Exception {
        Fixtures d12 = Fixtures.load("openai/d12-upstream-error");
        for (boolean async : new boolean[] {false, true}) {
            GuardingBodySubscriber<InputStream> sub = feed(HttpResponse.BodySubscribers.ofInputStream(), d12, 9, async, 1);
            InputStream in = sub.getBody().toCompletableFuture().get(5, TimeUnit.SECONDS);
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            IOException e = assertTimeoutPreemptively(READ_TIMEOUT, () -> assertThrows(IOException.class, () -> {
                byte[] buf = new byte[16];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    read.write(buf, 0, n);
                }
            }));
            assertEquals(d12.expected, read.toString(StandardCharsets.UTF_8));
            assertTrue(causes(e).stream().anyMatch(c -> c instanceof StreamGuardException
                    && d12.failureMessage.equals(c.getMessage())), () -> "the guard's failure in " + causes(e));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openai/litellm-combined", "openai/d14-missing-done", "openai/d22-crlf",
            "anthropic/d18-unnamed-events"})
    void ofLinesReadsTheRepairedLines(String name) throws Exception {
        Fixtures f = Fixtures.load(name);
        Random random = new Random(name.hashCode());
        for (int round = 0; round < 6; round++) {
            GuardingBodySubscriber<Stream<String>> sub = feed(HttpResponse.BodySubscribers.ofLines(StandardCharsets.UTF_8),
                    f, round < 3 ? 4 : 50, round % 2 == 0, random.nextLong());
            String what = name + " round " + round;
            try (Stream<String> lines = sub.getBody().toCompletableFuture().get(5, TimeUnit.SECONDS)) {
                List<String> read = assertTimeoutPreemptively(READ_TIMEOUT, () -> lines.collect(Collectors.toList()),
                        () -> what + ": the application's read never ended");
                assertEquals(lines(f.expected), read, what);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openai/litellm-combined", "openai/d14-missing-done", "anthropic/d17-no-request"})
    void ofStringReadsTheRepairedBody(String name) throws Exception {
        Fixtures f = Fixtures.load(name);
        for (boolean async : new boolean[] {false, true}) {
            GuardingBodySubscriber<String> sub = feed(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), f, 7,
                    async, 3);
            assertEquals(f.expected, sub.getBody().toCompletableFuture().get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void ofStringFailsWithTheTruncation() {
        Fixtures d15 = Fixtures.load("openai/d15-cut-mid-arguments");
        GuardingBodySubscriber<String> sub = feed(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), d15, 7,
                true, 3);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> sub.getBody().toCompletableFuture().get(5, TimeUnit.SECONDS));
        StreamGuardException cause = assertInstanceOf(StreamGuardException.class, e.getCause());
        assertEquals(d15.failureMessage, cause.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openai/litellm-combined", "openai/d14-missing-done", "anthropic/d16-input-in-start"})
    void fromLineSubscriberGetsTheRepairedLinesOneByOne(String name) throws Exception {
        Fixtures f = Fixtures.load(name);
        for (int round = 0; round < 6; round++) {
            LineCollector lines = new LineCollector();
            HttpResponse.BodySubscriber<Void> app = HttpResponse.BodySubscribers.fromLineSubscriber(lines);
            GuardingBodySubscriber<Void> sub = feed(app, f, round < 3 ? 3 : 40, round % 2 == 1, round);
            sub.getBody().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertTrue(lines.done.isDone());
            assertEquals(lines(f.expected), lines.lines, name + " round " + round);
            assertEquals(List.of(), lines.violations);
        }
    }

    /** A line subscriber that asks for one line at a time. */
    private static final class LineCollector implements Flow.Subscriber<String> {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private long requested;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            requested = 1;
            s.request(1);
        }

        @Override
        public void onNext(String line) {
            if (lines.size() >= requested) {
                violations.add("line " + (lines.size() + 1) + " with " + requested + " requested");
            }
            lines.add(line);
            requested++;
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
            all.add(c);
        }
        return all;
    }

}
