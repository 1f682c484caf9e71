package dev.streamguard.responses;

import static dev.streamguard.responses.ResponsesEvents.CREATED;
import static dev.streamguard.responses.ResponsesEvents.added;
import static dev.streamguard.responses.ResponsesEvents.call;
import static dev.streamguard.responses.ResponsesEvents.completed;
import static dev.streamguard.responses.ResponsesEvents.delta;
import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.GuardRun;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("R5: Responses sequence numbers missing or not increasing")
class SequenceNumberRuleTest {
    @Test
    void missingNumbersAreAssigned() {
        assertFixture("responses/r5-no-sequence-numbers");
    }

    @Test
    void zeroOnEveryEventBecomesIncreasing() {
        assertFixture("responses/r5-zero-sequence-numbers");
    }

    /** A number that goes back takes the next free one; the upstream's later numbers that increase stay. */
    @Test
    void aNumberThatGoesBackTakesTheNext() {
        String output = "[" + call("fc_1", "completed", "{}") + "]";
        String body = CREATED + added(5, 0, call("fc_1", "in_progress", "")) + delta(3, "fc_1", 0, "{}") + completed(9, output);
        GuardRun run = GuardRun.enforce(body);
        assertEquals(CREATED + added(5, 0, call("fc_1", "in_progress", "")) + delta(6, "fc_1", 0, "{}") + completed(9, output), run.text());
        assertEquals(Map.of(Deviation.R5, 1), run.report.deviations());
    }

    /** A number that is no whole number is replaced too. */
    @Test
    void aNumberThatIsNoNumberIsReplaced() {
        String output = "[" + call("fc_1", "completed", "{}") + "]";
        String body = CREATED + added(1, 0, call("fc_1", "in_progress", "")) + completed(2, output).replace("\"sequence_number\":2", "\"sequence_number\":\"2\"");
        GuardRun run = GuardRun.enforce(body);
        assertEquals(CREATED + added(1, 0, call("fc_1", "in_progress", "")) + completed(2, output), run.text());
        assertEquals(Map.of(Deviation.R5, 1), run.report.deviations());
    }
}
