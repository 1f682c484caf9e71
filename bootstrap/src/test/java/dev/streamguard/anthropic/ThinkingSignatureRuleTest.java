package dev.streamguard.anthropic;

import static dev.streamguard.anthropic.AnthropicEvents.MESSAGE_START;
import static dev.streamguard.anthropic.AnthropicEvents.blockDelta;
import static dev.streamguard.anthropic.AnthropicEvents.blockStart;
import static dev.streamguard.anthropic.AnthropicEvents.blockStop;
import static dev.streamguard.anthropic.AnthropicEvents.TEXT;
import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveAnthropicClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D39: thinking block without signature, or its signature in a thinking_delta")
class ThinkingSignatureRuleTest {
    @Test
    void aThinkingStartWithoutSignatureGetsTheEmptyOne() {
        GuardRun run = assertFixture("anthropic/d39-thinking-without-signature");
        NaiveAnthropicClient client = NaiveAnthropicClient.read(run.text());
        assertEquals("", client.block(0).signature);
        assertEquals("The user wants a greeting.", client.block(0).thinking.toString());
        assertNull(NaiveAnthropicClient.read(Fixture.load("anthropic/d39-thinking-without-signature").input).block(0).signature);
    }

    /** anthropic-java and Spring AI take the signature from a signature_delta only: without the guard it is lost. */
    @Test
    void aSignatureInAThinkingDeltaMovesIntoASignatureDelta() {
        GuardRun run = assertFixture("anthropic/d39-signature-in-thinking-delta");
        NaiveAnthropicClient client = NaiveAnthropicClient.read(run.text());
        assertEquals("EqQBCgIYAhIM", client.block(0).signature);
        assertEquals("The user wants a greeting.", client.block(0).thinking.toString());
        assertEquals(List.of(), client.errors);
        assertEquals("", NaiveAnthropicClient.read(Fixture.load("anthropic/d39-signature-in-thinking-delta").input).block(0).signature);
    }

    /** The signature_delta carries the block's index as the client knows it, after a renumbering too (D36). */
    @Test
    void theSignatureDeltaTakesTheRenumberedIndex() {
        String thinking = "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}";
        String body = MESSAGE_START + blockStart(0, TEXT) + blockStop(0) + blockStart(0, thinking)
                + blockDelta(0, "{\"signature\":\"c2ln\",\"type\":\"thinking_delta\",\"thinking\":\"Hm.\"}");
        GuardRun run = GuardRun.enforce(body);
        assertEquals(MESSAGE_START + blockStart(0, TEXT) + blockStop(0) + blockStart(1, thinking)
                + blockDelta(1, "{\"type\":\"thinking_delta\",\"thinking\":\"Hm.\"}")
                + blockDelta(1, "{\"type\":\"signature_delta\",\"signature\":\"c2ln\"}"), run.text());
        assertEquals(Map.of(Deviation.D36, 1, Deviation.D39, 1, Deviation.D15, 1), run.report.deviations());
    }

    /** An empty signature in a thinking_delta says nothing and stays where it is; a redacted block has no signature to add. */
    @Test
    void anEmptySignatureAndARedactedBlockAreLeftAlone() {
        String body = MESSAGE_START + blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}")
                + blockDelta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"Hm.\",\"signature\":\"\"}") + blockStop(0)
                + blockStart(1, "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3pzix\"}") + blockStop(1);
        GuardRun run = GuardRun.enforce(body);
        assertEquals(body, run.text());
        assertEquals(Map.of(Deviation.D15, 1), run.report.deviations());
    }
}
