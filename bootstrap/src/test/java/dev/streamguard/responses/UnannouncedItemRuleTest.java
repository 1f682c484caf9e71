package dev.streamguard.responses;

import static dev.streamguard.responses.ResponsesEvents.CREATED;
import static dev.streamguard.responses.ResponsesEvents.call;
import static dev.streamguard.responses.ResponsesEvents.completed;
import static dev.streamguard.responses.ResponsesEvents.delta;
import static dev.streamguard.responses.ResponsesEvents.itemDone;
import static dev.streamguard.responses.ResponsesEvents.named;
import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.buffer.ByteQueue;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.GuardEngine;
import dev.streamguard.core.StreamContext;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.GuardRun;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("R3: function call arguments without an output_item.added")
class UnannouncedItemRuleTest {
    private static final String ANNOUNCED = named("response.output_item.added", "{\"type\":\"response.output_item.added\","
            + "\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"in_progress\","
            + "\"arguments\":\"\",\"call_id\":\"call_fc_1\",\"name\":\"get_weather\"}}");

    @Test
    void theAnnouncementIsWrittenOnceTheNameAndCallIdAreKnown() {
        assertFixture("responses/r3-unannounced-call");
    }

    /** A call that never ends but in the terminal event takes its call id from that event's output. */
    @Test
    void theTerminalOutputGivesTheCallIdThatNeverCame() {
        assertFixture("responses/r3-call-id-in-terminal-output");
    }

    /**
     * What the hold costs: the call's events wait from its first delta until its output_item.done (which names
     * it), and nothing else. Fed event by event, the client gets nothing of the call before that event, then all of it.
     */
    @Test
    void theCallsEventsWaitForItsEndAndNoLonger() throws Exception {
        String[] events = {CREATED, delta(1, "fc_1", 0, "{\\\"city\\\":"), delta(2, "fc_1", 0, "\\\"Paris\\\"}"),
            itemDone(3, 0, call("fc_1", "completed", "{\\\"city\\\":\\\"Paris\\\"}")), completed(4, "[" + call("fc_1", "completed", "{}") + "]")};
        GuardEngine engine = new GuardEngine(GuardRun.config(""), new StreamContext("http://h/v1/responses", "test", null, r -> { }));
        int[] outAfter = new int[events.length];
        StringBuilder client = new StringBuilder();
        for (int i = 0; i < events.length; i++) {
            ByteQueue sink = new ByteQueue();
            byte[] b = events[i].getBytes(StandardCharsets.UTF_8);
            engine.feed(b, 0, b.length, sink);
            client.append(drain(sink));
            outAfter[i] = client.length();
        }
        assertEquals(CREATED.length(), outAfter[1], "the first delta waits");
        assertEquals(CREATED.length(), outAfter[2], "so does the second");
        String renumbered = CREATED + ANNOUNCED + delta(2, "fc_1", 0, "{\\\"city\\\":") + delta(3, "fc_1", 0, "\\\"Paris\\\"}")
                + itemDone(4, 0, call("fc_1", "completed", "{\\\"city\\\":\\\"Paris\\\"}"));
        assertEquals(renumbered, client.substring(0, outAfter[3]), "the end of the call releases it, announced");
        assertEquals(renumbered.length() + completed(5, "[" + call("fc_1", "completed", "{}") + "]").length(), outAfter[4]);
    }

    /** The hold is bounded by the event cap: once past it the call is announced with what is known, no name. */
    @Test
    void pastTheEventCapTheCallIsAnnouncedWithoutItsName() {
        String fragment = "x".repeat(200);
        String body = CREATED + delta(1, "fc_1", 0, "\\\"" + fragment) + delta(2, "fc_1", 0, fragment)
                + delta(3, "fc_1", 0, fragment + "\\\"") + itemDone(4, 0, call("fc_1", "completed", "\\\"x\\\""))
                + completed(5, "[" + call("fc_1", "completed", "\\\"x\\\"") + "]");
        GuardRun run = GuardRun.pull(body, GuardRun.config("event.max-bytes=600B"), null, Chunking.whole());
        assertNull(run.failure);
        String nameless = named("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":1,"
                + "\"output_index\":0,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"in_progress\",\"arguments\":\"\","
                + "\"call_id\":\"fc_1\",\"name\":\"\"}}");
        // The second delta takes the hold past 600 bytes: the call goes out with it, and nothing waits after it.
        assertEquals(CREATED + nameless + delta(2, "fc_1", 0, "\\\"" + fragment) + delta(3, "fc_1", 0, fragment)
                + delta(4, "fc_1", 0, fragment + "\\\"") + itemDone(5, 0, call("fc_1", "completed", "\\\"x\\\""))
                + completed(6, "[" + call("fc_1", "completed", "\\\"x\\\"") + "]"), run.text());
        assertEquals(Map.of(Deviation.R3, 1), run.report.deviations());
    }

    /**
     * A second call that starts unannounced while the first is held releases the first, announced with what is
     * known then (its id; the name comes with its output_item.done); both calls are announced, in order, and the
     * numbers still increase.
     */
    @Test
    void aSecondUnannouncedCallReleasesTheFirst() {
        String fc1 = call("fc_1", "completed", "{}");
        String fc2 = call("fc_2", "completed", "{}");
        String body = CREATED + delta(1, "fc_1", 0, "{}") + delta(2, "fc_2", 1, "{}") + itemDone(3, 0, fc1) + itemDone(4, 1, fc2)
                + completed(5, "[" + fc1 + "," + fc2 + "]");
        GuardRun run = GuardRun.enforce(body);
        assertNull(run.failure);
        String announced1 = named("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":1,"
                + "\"output_index\":0,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"in_progress\","
                + "\"arguments\":\"\",\"call_id\":\"fc_1\",\"name\":\"\"}}");
        String announced2 = named("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":3,"
                + "\"output_index\":1,\"item\":{\"id\":\"fc_2\",\"type\":\"function_call\",\"status\":\"in_progress\","
                + "\"arguments\":\"\",\"call_id\":\"call_fc_2\",\"name\":\"get_weather\"}}");
        assertEquals(CREATED + announced1 + delta(2, "fc_1", 0, "{}") + announced2 + delta(4, "fc_2", 1, "{}") + itemDone(5, 0, fc1)
                + itemDone(6, 1, fc2) + completed(7, "[" + fc1 + "," + fc2 + "]"), run.text());
        assertEquals(Map.of(Deviation.R3, 2), run.report.deviations());
    }

    /** An item of another type that ends without having been announced is no function call: nothing is announced. */
    @Test
    void aMessageThatWasNeverAnnouncedIsNotAnnouncedAsACall() {
        String body = CREATED + itemDone(1, 0, ResponsesEvents.message("msg_1", "completed"))
                + completed(2, "[" + ResponsesEvents.message("msg_1", "completed") + "]");
        GuardRun run = GuardRun.enforce(body);
        assertNull(run.failure);
        assertEquals(body, run.text());
        assertEquals(Map.of(Deviation.R3, 1), run.report.deviations());
    }

    private static String drain(ByteQueue q) {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[4096];
        int n;
        while ((n = q.read(buf, 0, buf.length)) > 0) {
            sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
