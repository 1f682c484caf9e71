package dev.streamguard.agent.observe;

import dev.streamguard.config.ConfigLoader;
import dev.streamguard.core.GuardEngine;
import dev.streamguard.core.GuardedInputStream;
import dev.streamguard.core.StreamContext;
import dev.streamguard.core.StreamReport;
import dev.streamguard.core.TraceParent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/** Real reports from the core for the bodies these tests need. */
final class ObserveTestReports {
    static final String REPAIRED = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"a\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"b\"},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: [DONE]\n\n";
    static final String TRUNCATED = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n";
    static final String COMPLIANT = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
    static final String NOT_LLM = "event: tick\ndata: 1\n\n";

    private ObserveTestReports() {
    }

    static StreamReport report(String body, String mode, String url, String request) {
        return report(body, mode, url, request, null);
    }

    /** {@code traceparent}: the request's W3C trace context header, or null. */
    static StreamReport report(String body, String mode, String url, String request, String traceparent) {
        AtomicReference<StreamReport> report = new AtomicReference<>();
        StreamContext context = new StreamContext(url, "jdk", request == null ? null : request.getBytes(StandardCharsets.UTF_8),
                TraceParent.parse(traceparent), () -> false, report::set);
        try (InputStream in = new GuardedInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                new GuardEngine(ConfigLoader.load("mode=" + mode, new Properties(), Map.of()), context))) {
            in.readAllBytes();
        } catch (IOException expectedForFailingBodies) {
            // A truncated body fails in enforce mode: its report is what these tests need.
        }
        return report.get();
    }

    /** The report of {@code body} whose connection is reset after it, before the stream ended. */
    static StreamReport reportOfReset(String body) {
        AtomicReference<StreamReport> report = new AtomicReference<>();
        InputStream resetAfterBody = new java.io.SequenceInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new java.net.SocketException("Connection reset");
                    }
                });
        StreamContext context = new StreamContext("https://api.example.com/v1/chat/completions", "okhttp", null, report::set);
        try (InputStream in = new GuardedInputStream(resetAfterBody,
                new GuardEngine(ConfigLoader.load("", new Properties(), Map.of()), context))) {
            in.readAllBytes();
            throw new AssertionError("the reset reaches the reader");
        } catch (IOException expected) {
            // The reset, passed on as it is.
        }
        return report.get();
    }

    static StreamReport report(String body) {
        return report(body, "enforce", "https://api.example.com/v1/chat/completions?key=k", "{\"model\":\"gpt-x\"}");
    }
}
