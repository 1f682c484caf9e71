package dev.streamguard.benchmarks;

import dev.streamguard.config.GuardConfig;
import dev.streamguard.core.GuardEngine;
import dev.streamguard.core.GuardedInputStream;
import dev.streamguard.core.StreamContext;
import dev.streamguard.core.StreamReportListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** One stream through the pull adapter, as the benchmarks run it. */
final class GuardRun {
    private GuardRun() {
    }

    /** Guards {@code body}, read as a client reads a socket, into {@code readBuffer}; returns a value to consume. */
    static long guard(GuardConfig config, byte[] body, byte[] readBuffer) throws IOException {
        StreamContext context = new StreamContext("http://127.0.0.1/v1/chat/completions", "bench", null, StreamReportListener.NONE);
        return drain(new GuardedInputStream(new ByteArrayInputStream(body), new GuardEngine(config, context)), readBuffer);
    }

    static long drain(InputStream in, byte[] readBuffer) throws IOException {
        long total = 0;
        int n;
        while ((n = in.read(readBuffer, 0, readBuffer.length)) >= 0) {
            total += n + readBuffer[0];
        }
        return total;
    }

    /** The bodies are compliant: a guard that changed or refused one would measure something else. */
    static void checkPassesUnchanged(GuardConfig config, byte[] body) {
        StreamContext context = new StreamContext("http://127.0.0.1/", "bench", null, report -> {
            if (!report.deviations().isEmpty() || report.failureCause() != null) {
                throw new IllegalStateException("the benchmark body is not compliant: " + report);
            }
        });
        try (InputStream in = new GuardedInputStream(new ByteArrayInputStream(body), new GuardEngine(config, context))) {
            if (!Arrays.equals(body, in.readAllBytes())) {
                throw new IllegalStateException("the guard changed a compliant body");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
