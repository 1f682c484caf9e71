package dev.streamguard.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuardedStreamsTest {
    @ParameterizedTest
    @ValueSource(strings = {"text/event-stream", "TEXT/EVENT-STREAM", "Text/Event-Stream;charset=UTF-8", " text/event-stream ",
            "\ttext/event-stream ; charset=utf-8", "text/event-stream;"})
    void anEventStreamWhateverItsCaseSpacesAndParameters(String contentType) {
        assertTrue(GuardedStreams.isEventStream(contentType));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "text/event", "text/event-streams", "text/event-stream x", "text/event-stream-x; a=b",
            "application/json", "xtext/event-stream", "text/event-\u017Ftream", "text/plain; x=text/event-stream"})
    void anythingElseIsNot(String contentType) {
        assertFalse(GuardedStreams.isEventStream(contentType));
    }

    @Test
    void noContentTypeIsNoEventStream() {
        assertFalse(GuardedStreams.isEventStream(null));
    }
}
