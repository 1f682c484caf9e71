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

    /**
     * A number that goes back takes the next free one; the upstream's later numbers, which increase, come after
     * it (shifted by the one number the guard gave, not counted again).
     */
    @Test
    void aNumberThatGoesBackTakesTheNext() {
        String output = "[" + call("fc_1", "completed", "{}") + "]";
        String body = CREATED + added(5, 0, call("fc_1", "in_progress", "")) + delta(3, "fc_1", 0, "{}") + completed(9, output);
        GuardRun run = GuardRun.enforce(body);
        assertEquals(CREATED + added(5, 0, call("fc_1", "in_progress", "")) + delta(6, "fc_1", 0, "{}") + completed(10, output), run.text());
        assertEquals(Map.of(Deviation.R5, 1), run.report.deviations());
    }

    /** One number missing: the upstream's next numbers, which go on from where it left off, are not counted again. */
    @Test
    void oneMissingNumberIsCountedOnce() {
        String output = "[" + call("fc_1", "completed", "{}") + "]";
        String body = CREATED + added(1, 0, call("fc_1", "in_progress", "")).replace(",\"sequence_number\":1", "")
                + delta(1, "fc_1", 0, "{}") + completed(2, output);
        GuardRun run = GuardRun.enforce(body);
        assertEquals(CREATED + added(1, 0, call("fc_1", "in_progress", "")).replace(",\"sequence_number\":1", "")
                .replace("}}\n\n", "},\"sequence_number\":1}\n\n") + delta(2, "fc_1", 0, "{}") + completed(3, output), run.text());
        assertEquals(Map.of(Deviation.R5, 1), run.report.deviations());
    }

    /** An event of no Responses type is not this protocol's to number. */
    @Test
    void anEventOfAnotherKindIsNotNumbered() {
        String output = "[" + call("fc_1", "completed", "{}") + "]";
        String other = "data: {\"kind\":\"progress\",\"percent\":50}\n\n";
        String body = CREATED + other + completed(1, output);
        GuardRun run = GuardRun.enforce(body);
        assertEquals(body, run.text());
        assertEquals(Map.of(), run.report.deviations());
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
