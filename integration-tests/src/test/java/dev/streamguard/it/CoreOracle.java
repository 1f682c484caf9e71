package dev.streamguard.it;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.GuardEngine;
import dev.streamguard.core.GuardedInputStream;
import dev.streamguard.core.Outcome;
import dev.streamguard.core.Protocol;
import dev.streamguard.core.StreamContext;
import dev.streamguard.core.StreamReport;
import dev.streamguard.testing.GuardRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The guard core run in this JVM, as the oracle for what a forked client must see of a body (the core's own
 * tests establish that it is right), and the JMX counters the agent must show for a set of streams, by the
 * meaning OBSERVABILITY.md gives each counter.
 */
final class CoreOracle {
    /** What the client reads of a body, the failure it gets, and the report. */
    static final class Seen {
        final byte[] output;
        final String failure;
        final StreamReport report;

        Seen(byte[] output, String failure, StreamReport report) {
            this.output = output;
            this.failure = failure;
            this.report = report;
        }
    }

    private CoreOracle() {
    }

    /** The whole body, then its end, with the default configuration. */
    static Seen whole(byte[] body, byte[] request) {
        return read(new ByteArrayInputStream(body), request);
    }

    /** The body's first bytes, then a connection reset. */
    static Seen thenReset(byte[] sent, byte[] request) {
        InputStream resetting = new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(sent);

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n < 0) {
                    throw new SocketException("Connection reset");
                }
                return n;
            }
        };
        return read(resetting, request);
    }

    private static Seen read(InputStream upstream, byte[] request) {
        AtomicReference<StreamReport> report = new AtomicReference<>();
        StreamContext context = new StreamContext("http://127.0.0.1/oracle", "oracle", request, report::set);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String failure = null;
        try (InputStream in = new GuardedInputStream(upstream, new GuardEngine(GuardRun.config(""), context))) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (StreamGuardException e) {
            failure = e.getMessage();
        } catch (IOException e) {
            failure = "I/O: " + e.getMessage();
        }
        return new Seen(out.toByteArray(), failure, report.get());
    }

    /** The counters (as ClientOutput prints them) after these streams, per OBSERVABILITY.md. */
    static Map<String, String> counters(List<StreamReport> reports, long unguarded) {
        long guarded = 0;
        long repaired = 0;
        long failed = 0;
        long passed = 0;
        long rewritten = 0;
        long caps = 0;
        long failOpens = 0;
        long ioErrors = 0;
        long bytesIn = 0;
        long bytesOut = 0;
        Map<StreamGuardException.Cause, Long> causes = new LinkedHashMap<>();
        long[] deviations = new long[Deviation.values().length];
        for (StreamReport r : reports) {
            if (r.failedOpen()) {
                failOpens++;
            }
            if (r.protocol() == Protocol.UNKNOWN) {
                passed++;
                continue;
            }
            guarded++;
            bytesIn += r.bytesIn();
            bytesOut += r.bytesOut();
            rewritten += r.eventsRewritten();
            r.deviations().forEach((d, n) -> deviations[d.ordinal()] += n);
            if (!r.capsHit().isEmpty()) {
                caps++;
            }
            if (r.repaired()) {
                repaired++;
            }
            if (r.outcome() == Outcome.UPSTREAM_IO_ERROR) {
                ioErrors++;
            }
            if (r.failureCause() != null) {
                if (r.failureRaised()) {
                    failed++;
                }
                causes.merge(r.failureCause(), 1L, Long::sum);
            }
        }
        Map<String, String> c = new LinkedHashMap<>();
        c.put("Mode", "enforce");
        c.put("StreamsGuarded", String.valueOf(guarded));
        c.put("StreamsRepaired", String.valueOf(repaired));
        c.put("StreamsFailed", String.valueOf(failed));
        c.put("StreamsPassedThrough", String.valueOf(passed));
        c.put("StreamsUnguarded", String.valueOf(unguarded));
        c.put("EventsRewritten", String.valueOf(rewritten));
        c.put("CapHits", String.valueOf(caps));
        c.put("Truncations", String.valueOf(causes.getOrDefault(StreamGuardException.Cause.TRUNCATED, 0L)));
        c.put("UpstreamErrors", String.valueOf(causes.getOrDefault(StreamGuardException.Cause.UPSTREAM_ERROR, 0L)));
        c.put("InvalidToolArguments", String.valueOf(causes.getOrDefault(StreamGuardException.Cause.INVALID_TOOL_ARGUMENTS, 0L)));
        c.put("MissingToolInputs", String.valueOf(causes.getOrDefault(StreamGuardException.Cause.MISSING_TOOL_INPUT, 0L)));
        c.put("IdleTimeouts", String.valueOf(causes.getOrDefault(StreamGuardException.Cause.IDLE_TIMEOUT, 0L)));
        c.put("UpstreamIoErrors", String.valueOf(ioErrors));
        c.put("FailOpens", String.valueOf(failOpens));
        c.put("BytesIn", String.valueOf(bytesIn));
        c.put("BytesOut", String.valueOf(bytesOut));
        for (Deviation d : Deviation.values()) {
            c.put(d.name(), String.valueOf(deviations[d.ordinal()]));
        }
        return c;
    }

    /** The {@code COUNTER name value} lines a client printed. */
    static Map<String, String> printedCounters(List<String> stdout) {
        return stdout.stream().filter(l -> l.startsWith("COUNTER ")).map(l -> l.split(" ", 3))
                .collect(Collectors.toMap(p -> p[1], p -> p[2], (a, b) -> b, LinkedHashMap::new));
    }

    /** The {@code PROBE-REPORT} lines the probe agent printed, in order. */
    static List<String> probeReports(List<String> stdout) {
        return stdout.stream().filter(l -> l.startsWith("PROBE-REPORT ")).map(l -> l.substring("PROBE-REPORT ".length()))
                .collect(Collectors.toList());
    }
}
