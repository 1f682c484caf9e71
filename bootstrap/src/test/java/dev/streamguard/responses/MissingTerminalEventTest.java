package dev.streamguard.responses;

import static dev.streamguard.responses.ResponsesEvents.CREATED;
import static dev.streamguard.responses.ResponsesEvents.added;
import static dev.streamguard.responses.ResponsesEvents.call;
import static dev.streamguard.responses.ResponsesEvents.completed;
import static dev.streamguard.responses.ResponsesEvents.delta;
import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.testing.GuardRun;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("R2: a Responses body that ends before a terminal event")
class MissingTerminalEventTest {
    @Test
    void aCutInTheArgumentsFailsNamingTheOpenCall() {
        assertFixture("responses/r2-truncated");
    }

    @Test
    void anEventCutInHalfIsNamed() {
        String whole = CREATED + added(1, 0, "{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"in_progress\",\"content\":[]}");
        String cut = "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"del";
        GuardRun run = GuardRun.enforce(whole + cut);
        assertEquals(StreamGuardException.Cause.TRUNCATED, run.failure.reason());
        assertEquals("streamguard: stream truncated: the body ended after 2 events (" + (whole + cut).length() + " bytes) before a terminal"
                + " event (response.completed, response.incomplete or response.failed); message output item 0 was still open;"
                + " the last event was cut off after " + cut.length() + " bytes", run.failure.getMessage());
        assertEquals(Map.of(Deviation.R2, 1), run.report.deviations());
    }

    /** D28: a whole terminal event without its blank line ends the stream well. */
    @Test
    void aTerminalEventWithoutItsBlankLineIsWhole() {
        String body = CREATED + added(1, 0, call("fc_1", "in_progress", "")) + delta(2, "fc_1", 0, "{}");
        String last = completed(3, "[" + call("fc_1", "completed", "{}") + "]");
        GuardRun run = GuardRun.enforce(body + last.substring(0, last.length() - 1));
        assertNull(run.failure);
        assertEquals(body + last, run.text());
        assertEquals(Map.of(Deviation.D28, 1), run.report.deviations());
    }
}
