package dev.streamguard.core;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.testing.GuardRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D21: tool arguments that are not valid JSON")
class ToolArgumentJsonCheckTest {
    @Test
    void unfinishedArgumentsFailWhenTheChoiceFinishes() {
        assertFixture("openai/d21-invalid-arguments");
    }

    @Test
    void argumentsThatCanNoLongerBeValidFailAtTheFragment() {
        assertFixture("openai/d21-extra-bracket");
    }

    @Test
    void inReportModeTheStreamPassesAndTheProblemIsReportedOnce() {
        GuardRun run = assertFixture("openai/d21-invalid-arguments-report");
        assertNull(run.report.failureCause());
    }

    @Test
    void anthropicInputIsCheckedWhenTheBlockStops() {
        assertFixture("anthropic/d21-invalid-input");
    }

    @Test
    void emptyArgumentsAreNoArgumentsNotInvalid() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"now\",\"arguments\":\"\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n";
        GuardRun run = GuardRun.enforce(body);
        assertNull(run.failure);
        assertEquals(body, run.text());
    }

    @Test
    void unfinishedArgumentsAtDoneWithoutFinishAreReported() {
        String body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"[1,\"}}]},\"finish_reason\":null}]}\n\ndata: [DONE]\n\n";
        GuardRun run = GuardRun.pull(body, GuardRun.config("tool-args.invalid-json=report"), null, dev.streamguard.testing.Chunking.whole());
        assertNull(run.failure);
        assertEquals(1, run.report.count(Deviation.D21));
        assertEquals(body, run.text());
    }
}
