package dev.streamguard.anthropic;

import static dev.streamguard.anthropic.AnthropicEvents.GET_WEATHER;
import static dev.streamguard.anthropic.AnthropicEvents.MESSAGE_START;
import static dev.streamguard.anthropic.AnthropicEvents.MESSAGE_STOP;
import static dev.streamguard.anthropic.AnthropicEvents.NOW;
import static dev.streamguard.anthropic.AnthropicEvents.REQUEST;
import static dev.streamguard.anthropic.AnthropicEvents.TEXT;
import static dev.streamguard.anthropic.AnthropicEvents.blockStart;
import static dev.streamguard.anthropic.AnthropicEvents.blockStop;
import static dev.streamguard.anthropic.AnthropicEvents.inputDelta;
import static dev.streamguard.anthropic.AnthropicEvents.messageDelta;
import static dev.streamguard.anthropic.AnthropicEvents.textDelta;
import static dev.streamguard.testing.FixtureAssertions.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.testing.Chunking;
import dev.streamguard.testing.Fixture;
import dev.streamguard.testing.GuardRun;
import dev.streamguard.testing.NaiveAnthropicClient;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("D36: content block index reused, or a block started while another is open")
class ReusedBlockIndexRuleTest {
    @Test
    void anIndexReusedWhileItsBlockIsOpenEndsThatBlockAndMovesToTheNextIndex() {
        GuardRun run = assertFixture("anthropic/d36-index-reused-while-open");
        NaiveAnthropicClient client = NaiveAnthropicClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals("Let me check.", client.block(0).text.toString());
        assertEquals("get_weather", client.block(1).name);
        assertEquals("{\"city\":\"Paris\"}", client.block(1).inputJson.toString());
        assertEquals(2, stops(client));
    }

    @Test
    void withoutTheGuardAnthropicJavaRefusesTheSecondStartOfAnIndex() {
        for (String fixture : new String[] {"anthropic/d36-index-reused-while-open", "anthropic/d36-index-reused-after-stop"}) {
            NaiveAnthropicClient client = NaiveAnthropicClient.read(Fixture.load(fixture).input);
            assertEquals(List.of("Content block already started for index 0."), client.errors, fixture);
        }
    }

    @Test
    void anIndexUsedAgainAfterItsStopMovesToTheNextIndex() {
        GuardRun run = assertFixture("anthropic/d36-index-reused-after-stop");
        NaiveAnthropicClient client = NaiveAnthropicClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals("The user wants a greeting.", client.block(0).thinking.toString());
        assertEquals("Hello world", client.block(1).text.toString());
    }

    /** LangChain4j keeps the text of a text block only at its stop: the guard gives it one. */
    @Test
    void aBlockStartedWhileAnotherIsOpenEndsTheOpenOne() {
        GuardRun run = assertFixture("anthropic/d36-block-started-while-open");
        NaiveAnthropicClient client = NaiveAnthropicClient.read(run.text());
        assertEquals(List.of("content_block_start", "content_block_delta", "content_block_stop", "content_block_start"),
                client.eventNames.subList(1, 5));
        assertEquals(2, stops(client));
    }

    /** Spring AI follows one tool at a time: the first must end before the second starts. Late stops are dropped. */
    @Test
    void aToolStartedWhileAnotherToolIsOpenComesAfterItsEnd() {
        GuardRun run = assertFixture("anthropic/d36-tool-started-while-tool-open");
        NaiveAnthropicClient client = NaiveAnthropicClient.read(run.text());
        assertEquals(List.of(), client.errors);
        assertEquals("{\"city\":\"Paris\"}", client.block(0).inputJson.toString());
        assertEquals("", client.block(1).inputJson.toString());
        assertEquals(2, stops(client));
    }

    /** The block the guard ends gets the end-of-block checks: here its required input never came (D17). */
    @Test
    void aToolBlockEndedByTheNextStartIsCheckedForItsInput() {
        String body = MESSAGE_START + blockStart(0, GET_WEATHER) + blockStart(1, NOW) + inputDelta(1, "")
                + inputDelta(0, "{\\\"city\\\":\\\"Paris\\\"}") + blockStop(0) + blockStop(1) + messageDelta("tool_use") + MESSAGE_STOP;
        GuardRun run = GuardRun.enforce(body, REQUEST);
        assertEquals(StreamGuardException.Cause.MISSING_TOOL_INPUT, run.failure.reason());
        assertEquals("streamguard: tool_use block 0 (get_weather) arrived with no input although the request's schema requires [city]; "
                + "the upstream lost the tool arguments", run.failure.getMessage());
        assertEquals(Map.of(Deviation.D17, 1, Deviation.D36, 1), run.report.deviations());
        assertEquals(MESSAGE_START + blockStart(0, GET_WEATHER), run.text());
    }

    /** Content for a block the guard has ended cannot be put back in order: interleaved blocks fail clearly. */
    @Test
    void moreContentForABlockTheGuardEndedFailsTheStream() {
        String body = MESSAGE_START + blockStart(0, TEXT) + textDelta(0, "Let me") + blockStart(1, GET_WEATHER)
                + textDelta(0, " check.") + inputDelta(1, "{\\\"city\\\":\\\"Paris\\\"}") + blockStop(0) + blockStop(1)
                + messageDelta("tool_use") + MESSAGE_STOP;
        for (boolean push : new boolean[] {false, true}) {
            GuardRun run = push ? GuardRun.push(body, GuardRun.config(""), null, Chunking.everyByte())
                    : GuardRun.pull(body, GuardRun.config(""), null, Chunking.everyByte());
            assertEquals(StreamGuardException.Cause.INCOHERENT_STREAM, run.failure.reason());
            assertEquals("streamguard: content block 0 got more content after another block had started (the guard ended it there); "
                    + "the upstream interleaves content blocks, which clients merge or lose", run.failure.getMessage());
            assertEquals(MESSAGE_START + blockStart(0, TEXT) + textDelta(0, "Let me") + blockStop(0) + blockStart(1, GET_WEATHER),
                    run.text());
        }
    }

    /** A late stop of a block the guard ended is dropped, however many blocks were left open. */
    @Test
    void everyLateStopOfNestedOpenBlocksIsDropped() {
        String body = MESSAGE_START + blockStart(0, TEXT) + textDelta(0, "a") + blockStart(1, TEXT) + textDelta(1, "b")
                + blockStart(2, GET_WEATHER) + inputDelta(2, "{}") + blockStop(2) + blockStop(1) + blockStop(0)
                + messageDelta("tool_use") + MESSAGE_STOP;
        GuardRun run = GuardRun.enforce(body);
        assertNull(run.failure);
        assertEquals(MESSAGE_START + blockStart(0, TEXT) + textDelta(0, "a") + blockStop(0) + blockStart(1, TEXT) + textDelta(1, "b")
                + blockStop(1) + blockStart(2, GET_WEATHER) + inputDelta(2, "{}") + blockStop(2) + messageDelta("tool_use") + MESSAGE_STOP,
                run.text());
        assertEquals(Map.of(Deviation.D36, 2), run.report.deviations());
    }

    /** A block whose index goes back below one already used would sort before the earlier blocks: it moves up. */
    @Test
    void anIndexBelowOneAlreadyUsedMovesAboveThem() {
        String body = MESSAGE_START + blockStart(2, TEXT) + textDelta(2, "a") + blockStop(2) + blockStart(1, GET_WEATHER)
                + inputDelta(1, "{}") + blockStop(1) + messageDelta("tool_use") + MESSAGE_STOP;
        GuardRun run = GuardRun.enforce(body);
        assertEquals(MESSAGE_START + blockStart(2, TEXT) + textDelta(2, "a") + blockStop(2) + blockStart(3, GET_WEATHER)
                + inputDelta(3, "{}") + blockStop(3) + messageDelta("tool_use") + MESSAGE_STOP, run.text());
        assertEquals(Map.of(Deviation.D36, 1), run.report.deviations());
    }

    /** The renumbered block's input still counts against the caps (D20). */
    @Test
    void aRenumberedToolBlockStaysUnderTheArgumentCap() {
        String body = MESSAGE_START + blockStart(0, TEXT) + blockStart(0, GET_WEATHER) + inputDelta(0, "{\\\"city\\\":")
                + inputDelta(0, "\\\"Paris, in France\\\"}") + blockStop(0) + messageDelta("tool_use") + MESSAGE_STOP;
        GuardRun run = GuardRun.pull(body, GuardRun.config("tool-args.max-bytes=16B"), null, Chunking.whole());
        assertEquals(StreamGuardException.Cause.CAP_EXCEEDED, run.failure.reason());
        assertEquals(MESSAGE_START + blockStart(0, TEXT) + blockStop(0) + blockStart(1, GET_WEATHER) + inputDelta(1, "{\\\"city\\\":"),
                run.text());
    }

    private static int stops(NaiveAnthropicClient client) {
        return Collections.frequency(client.eventNames, "content_block_stop");
    }
}
