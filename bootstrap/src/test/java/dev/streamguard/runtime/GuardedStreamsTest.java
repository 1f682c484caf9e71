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

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "APPLICATION/JSON", "application/Json; charset=utf-8", "application/vnd.api+json",
            "application/x-ndjson", "json", "text/plain; profile=json"})
    void aRequestBodyThatSaysJsonAnywhereInAnyCaseIsCopied(String contentType) {
        assertTrue(GuardedStreams.wantsRequestBody(100, contentType));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "jso", "application/jso n", "text/plain", "application/octet-stream", "application/j\u017Fon",
            "application/\uFF4Ason"})
    void aRequestBodyOfAnotherTypeIsNot(String contentType) {
        assertFalse(GuardedStreams.wantsRequestBody(100, contentType));
    }

    @Test
    void aRequestBodyWithoutTypeEmptyOrOverOneMebibyteIsNotCopied() {
        assertFalse(GuardedStreams.wantsRequestBody(100, null));
        assertFalse(GuardedStreams.wantsRequestBody(0, "application/json"));
        assertFalse(GuardedStreams.wantsRequestBody(-1, "application/json"));
        assertTrue(GuardedStreams.wantsRequestBody(1 << 20, "application/json"));
        assertFalse(GuardedStreams.wantsRequestBody((1 << 20) + 1, "application/json"));
    }
}
