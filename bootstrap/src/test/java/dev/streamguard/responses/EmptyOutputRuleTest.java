package dev.streamguard.responses;

import static dev.streamguard.responses.ResponsesEvents.CREATED;
import static dev.streamguard.responses.ResponsesEvents.added;
import static dev.streamguard.responses.ResponsesEvents.call;
import static dev.streamguard.responses.ResponsesEvents.completed;
import static dev.streamguard.responses.ResponsesEvents.delta;
import static dev.streamguard.responses.ResponsesEvents.itemDone;
import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.GuardRun;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("R1: a Responses terminal event without its output, or without id, model or created_at")
class EmptyOutputRuleTest {
    @Test
    void theStreamedItemsBecomeTheEmptyOutput() {
        assertFixture("responses/r1-empty-output");
    }

    @Test
    void membersTheCreatedResponseHadAreCopied() {
        assertFixture("responses/r1-missing-response-fields");
    }

    /** Two items of which only the first ended: the output cannot be rebuilt, and the stream says which item. */
    @Test
    void anItemThatNeverEndedCannotBeRebuilt() {
        String body = CREATED + added(1, 0, call("fc_1", "in_progress", "")) + itemDone(2, 0, call("fc_1", "completed", "{}"))
                + added(3, 1, call("fc_2", "in_progress", "")) + delta(4, "fc_2", 1, "{}") + completed(5, "[]");
        GuardRun run = GuardRun.enforce(body);
        assertEquals(StreamGuardException.Cause.INCOHERENT_STREAM, run.failure.reason());
        assertEquals("streamguard: response.completed carried no output, and the guard cannot rebuild it: output item 1 of 2 never ended"
                + " (no output_item.done)", run.failure.getMessage());
        assertEquals(body.substring(0, body.indexOf("event: response.completed")), run.text());
    }

    /** The kept items are bounded by the event cap: past it the rebuild fails, naming the cap, and nothing is held. */
    @Test
    void itemsLargerThanTheEventCapAreNotKept() {
        String big = "x".repeat(300);
        String body = CREATED + added(1, 0, call("fc_1", "in_progress", "")) + itemDone(2, 0, call("fc_1", "completed", big))
                + added(3, 1, call("fc_2", "in_progress", "")) + itemDone(4, 1, call("fc_2", "completed", big)) + completed(5, "[]");
        GuardRun run = GuardRun.pull(body, GuardRun.config("event.max-bytes=600B,tool-args.invalid-json=report"), null, Chunking.whole());
        assertEquals(StreamGuardException.Cause.CAP_EXCEEDED, run.failure.reason());
        assertEquals("streamguard: response.completed carried no output, and the guard cannot rebuild it: the streamed output items"
                + " are larger than the guard keeps for it (600B, streamguard.event.max-bytes)", run.failure.getMessage());
    }

    /** An output that is there is the upstream's business, even when it differs from the items streamed. */
    @Test
    void anOutputThatIsThereStays() {
        String body = CREATED + added(1, 0, call("fc_1", "in_progress", "")) + itemDone(2, 0, call("fc_1", "completed", "{}"))
                + completed(3, "[" + call("fc_1", "completed", "{\\\"a\\\":1}") + "]");
        GuardRun run = GuardRun.enforce(body);
        assertEquals(body, run.text());
        assertEquals(Map.of(), run.report.deviations());
    }

    /** A stream that streamed no item has nothing to rebuild: an empty output is its answer. */
    @Test
    void anEmptyOutputWithoutItemsStays() {
        String body = CREATED + completed(1, "[]");
        GuardRun run = GuardRun.enforce(body);
        assertEquals(body, run.text());
        assertEquals(Map.of(), run.report.deviations());
    }

    /** A null output is as lost as an empty one. */
    @Test
    void aNullOutputIsRebuiltToo() {
        String item = call("fc_1", "completed", "{}");
        String body = CREATED + added(1, 0, call("fc_1", "in_progress", "")) + itemDone(2, 0, item) + completed(3, "null");
        GuardRun run = GuardRun.enforce(body);
        assertNull(run.failure);
        assertEquals(body.replace("\"output\":null", "\"output\":[" + item + "]"), run.text());
        assertEquals(Map.of(Deviation.R1, 1), run.report.deviations());
    }
}
