package dev.streamguard.responses;

import static dev.streamguard.responses.ResponsesEvents.CREATED;
import static dev.streamguard.responses.ResponsesEvents.added;
import static dev.streamguard.responses.ResponsesEvents.call;
import static dev.streamguard.responses.ResponsesEvents.completed;
import static dev.streamguard.responses.ResponsesEvents.delta;
import static dev.streamguard.responses.ResponsesEvents.itemDone;
import static dev.streamguard.responses.ResponsesEvents.message;
import static dev.streamguard.responses.ResponsesEvents.named;
import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.testing.GuardRun;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("R3: output item ids and indexes made consistent")
class ItemIdentityRuleTest {
    @Test
    void anItemIdThatChangesBecomesTheFirst() {
        assertFixture("responses/r3-changing-item-id");
    }

    @Test
    void anItemWithOnlyACallIdTakesItAsItsId() {
        assertFixture("responses/r3-call-id-without-id");
    }

    @Test
    void indexesFromOneBecomeIndexesFromZero() {
        assertFixture("responses/r3-one-based-index");
    }

    @Test
    void aSecondItemAtAnIndexInUseGetsTheNext() {
        assertFixture("responses/r3-repeated-index");
    }

    /**
     * A call's arguments at the output index of a message that ended are not the message's: they start a new
     * (unannounced) call, which gets the next index, and the message is kept as it was for the output.
     */
    @Test
    void argumentsAtTheIndexOfAFinishedMessageAreANewCall() {
        String msg = message("msg_1", "completed");
        String fc = call("fc_1", "completed", "{}");
        String body = CREATED + added(1, 0, message("msg_1", "in_progress")) + itemDone(2, 0, msg) + delta(3, "fc_1", 0, "{}")
                + itemDone(4, 0, fc) + completed(5, "[]");
        GuardRun run = GuardRun.enforce(body);
        assertNull(run.failure);
        String announced = named("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":3,"
                + "\"output_index\":1,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"in_progress\","
                + "\"arguments\":\"\",\"call_id\":\"call_fc_1\",\"name\":\"get_weather\"}}");
        assertEquals(CREATED + added(1, 0, message("msg_1", "in_progress")) + itemDone(2, 0, msg) + announced + delta(4, "fc_1", 1, "{}")
                + itemDone(5, 1, fc) + completed(6, "[" + msg + "," + fc + "]"), run.text());
        assertEquals(Map.of(Deviation.R1, 1, Deviation.R3, 3), run.report.deviations());
    }

    /** An item member given twice: the second is the item, and nothing of the first is used to edit it. */
    @Test
    void aRepeatedItemMemberIsReadAsTheLastOne() {
        String repeated = named("response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":2,"
                + "\"output_index\":0,\"item\":{\"id\":\"fc_X\"},\"item\":{\"type\":\"function_call\",\"arguments\":\"{}\","
                + "\"call_id\":\"c\",\"name\":\"f\"}}");
        String body = CREATED + added(1, 0, call("fc_1", "in_progress", "")) + repeated + completed(3, "[" + call("fc_1", "completed", "{}") + "]");
        GuardRun run = GuardRun.enforce(body);
        assertNull(run.failure);
        assertFalse(run.report.failedOpen(), "no internal error");
        assertEquals(body.replace("\"item\":{\"type\":\"function_call\"", "\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\""), run.text());
    }

    /** The guard follows a bounded number of output items: a stream with more fails rather than going unguarded. */
    @Test
    void moreItemsThanTheGuardFollowsFail() {
        StringBuilder body = new StringBuilder(CREATED);
        for (int i = 0; i <= ItemIdentityRule.MAX_ITEMS; i++) {
            body.append(added(i + 1, i, message("msg_" + i, "in_progress")));
        }
        GuardRun run = GuardRun.enforce(body.toString());
        assertEquals(StreamGuardException.Cause.CAP_EXCEEDED, run.failure.reason());
        assertEquals("streamguard: the stream has more than 1024 output items, the most the guard follows; item 1024 would be one more",
                run.failure.getMessage());
    }
}
