package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.testing.GuardRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A two-event OpenAI text stream read to its end through the pull guard, as the watchdog's tests need one: it sets
 * the deadline of the wait for the body's end after its terminal event (D42) and stops its clocks at its end.
 */
final class ShortTextStream {
    private static final byte[] BODY = ("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
            .getBytes(StandardCharsets.UTF_8);

    private ShortTextStream() {
    }

    static void readToItsEnd() throws IOException {
        StreamContext context = new StreamContext("http://x", "test", null, StreamReportListener.NONE);
        try (InputStream in = new GuardedInputStream(new ByteArrayInputStream(BODY), new GuardEngine(GuardRun.config(""), context))) {
            assertEquals(BODY.length, in.readAllBytes().length);
        }
    }
}
