package dev.streamguard.openai;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveOpenAiClient;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D27: a call's id or name arrives late, or its id changes within the call")
class LateToolCallIdRuleTest {
    /**
     * The exact input that split one call in two (the late id was taken for a D7 collision): index, type and
     * name on the first delta, the id on the second. It reads as one call, whose first delta the client sees
     * now carries the id: a header chunk written where the first delta was, the held deltas after it.
     */
    @Test
    void anIdOnTheSecondDeltaNeverSplitsTheCall() {
        GuardRun run = assertFixture("openai/d27-late-id");
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals(1, client.calls.size(), "one call");
        assertEquals("call_1", client.call(0).id.toString());
        assertEquals("get_weather", client.call(0).name.toString());
        assertEquals("{\"city\":\"Paris\"}", client.call(0).arguments.toString());
    }

    @Test
    void aChangedIdIsDroppedAndTheFirstKept() {
        GuardRun run = assertFixture("openai/d27-changed-id");
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals(1, client.calls.size());
        assertEquals("call_1", client.call(0).id.toString(), "not call_1call_1_2call_1_3");
        assertEquals("{\"city\":\"Paris\"}", client.call(0).arguments.toString());
        assertEquals("call_1call_1_2call_1_3", NaiveOpenAiClient.read(Fixture.load("openai/d27-changed-id").input).call(0).id.toString(),
                "an appending client without the guard");
    }

    /** D7 still holds: a different id on a delta that starts a call (with its name) at an occupied index is a new call. */
    @Test
    void aNewIdWithANameAtTheSameIndexIsStillANewCall() {
        GuardRun run = assertFixture("openai/d07-colliding-index");
        assertEquals(2, NaiveOpenAiClient.read(run.text()).calls.size());
    }

    /** Without an index either (D6), an id that comes after an id-less first delta belongs to that call. */
    @Test
    void aLateIdWithoutIndexJoinsTheCallItFollows() {
        String body = toolCallStream("{\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\"}}",
                "{\"id\":\"call_9\",\"function\":{\"arguments\":\"}\"}}");
        GuardRun run = GuardRun.enforce(body);
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals(1, client.calls.size(), run.text());
        assertEquals("call_9", client.call(0).id.toString());
        assertEquals("{}", client.call(0).arguments.toString());
        assertEquals(Map.of(Deviation.D6, 2, Deviation.D27, 1), run.report.deviations());
    }

    /** A named delta with an id, after an id-less call that has its name and whole arguments, is another call (D7). */
    @Test
    void aNamedDeltaWithAnIdAfterAFinishedIdlessCallIsAnotherCall() {
        String body = toolCallStream("{\"index\":0,\"type\":\"function\",\"function\":{\"name\":\"a\",\"arguments\":\"{}\"}}",
                "{\"index\":0,\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"b\",\"arguments\":\"{}\"}}");
        GuardRun run = GuardRun.enforce(body);
        NaiveOpenAiClient client = NaiveOpenAiClient.read(run.text());
        assertEquals(2, client.calls.size(), run.text());
        assertEquals("a", client.call(0).name.toString());
        assertTrue(client.call(0).id.toString().matches("call_sg[0-9a-f]{16}"), "an id minted for a: " + client.call(0).id);
        assertEquals("b", client.call(1).name.toString());
        assertEquals("call_2", client.call(1).id.toString());
        assertEquals(Map.of(Deviation.D7, 1, Deviation.D27, 1), run.report.deviations());
    }

    /** A stream with one tool-call delta per event, then the finish chunk and [DONE]. */
    private static String toolCallStream(String... toolCallDeltas) {
        StringBuilder body = new StringBuilder();
        for (String delta : toolCallDeltas) {
            body.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[").append(delta)
                    .append("]},\"finish_reason\":null}]}\n\n");
        }
        return body.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n")
                .toString();
    }
}
