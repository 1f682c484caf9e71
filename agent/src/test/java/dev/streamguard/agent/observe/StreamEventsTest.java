package dev.streamguard.agent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

class StreamEventsTest {
    @Test
    void aFailedStreamsEventCarriesTheTraceAndClientSpanOfItsRequestWhenItHadThem() throws Exception {
        List<RecordedEvent> events = record(
                ObserveTestReports.report(ObserveTestReports.TRUNCATED, "enforce", "http://h/p", null,
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
                ObserveTestReports.report(ObserveTestReports.TRUNCATED, "enforce", "http://h/q", null, null));
        assertEquals(2, events.size());
        assertEquals("/p", events.get(0).getString("path"));
        assertEquals("TRUNCATED", events.get(0).getString("cause"));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", events.get(0).getString("traceId"));
        assertEquals("00f067aa0ba902b7", events.get(0).getString("spanId"));
        assertEquals("/q", events.get(1).getString("path"));
        assertNull(events.get(1).getString("traceId"));
        assertNull(events.get(1).getString("spanId"));
    }

    private static List<RecordedEvent> record(dev.streamguard.core.StreamReport... reports) throws Exception {
        Path file = Files.createTempFile("streamguard-events", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.streamguard.StreamFailed");
            recording.start();
            for (dev.streamguard.core.StreamReport r : reports) {
                StreamEvents.emit(r);
            }
            recording.stop();
            recording.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            events.removeIf(e -> !e.getEventType().getName().equals("dev.streamguard.StreamFailed"));
            events.sort(java.util.Comparator.comparing(RecordedEvent::getStartTime));
            return events;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
