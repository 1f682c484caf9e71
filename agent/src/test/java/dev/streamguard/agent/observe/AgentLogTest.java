package dev.streamguard.agent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentLogTest {
    @Test
    void timesAreUtcWithMillisecondsAlwaysThreeDigits() {
        assertEquals("2026-12-03T11:42:52.259Z", AgentLog.timestamp(Instant.parse("2026-12-03T11:42:52.259Z").toEpochMilli()));
        assertEquals("2024-02-29T00:00:00.000Z", AgentLog.timestamp(Instant.parse("2024-02-29T00:00:00Z").toEpochMilli()));
        assertEquals("1969-12-31T23:59:59.999Z", AgentLog.timestamp(-1));
        assertEquals("0999-01-01T01:02:03.004Z", AgentLog.timestamp(Instant.parse("0999-01-01T01:02:03.004Z").toEpochMilli()));
    }

    @Test
    void placeholdersTakeTheArgumentsInOrder() {
        assertEquals("could not instrument a.B; its responses are not guarded: x",
                AgentLog.format("could not instrument {}; its responses are not guarded: {}", "a.B", "x"));
        assertEquals("one {} left", AgentLog.format("{} {} left", "one"));
        assertEquals("no placeholder", AgentLog.format("no placeholder", "ignored"));
        assertEquals("null and {}", AgentLog.format("{} and {}", null, "{}"));
    }

    @Test
    void linesBelowTheLevelAreLeftOutAndAFileIsAppendedTo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("streamguard.log");
        Files.write(file, "an earlier run\n".getBytes(StandardCharsets.UTF_8));
        AgentLog log = new AgentLog();
        log.configure("warn", file.toString());
        assertFalse(log.isInfoEnabled());
        assertTrue(log.isWarnEnabled());
        log.info("not written {}", 1);
        log.warn("written {}", 2);
        log.error("also {}", 3);
        log.configure("off", file.toString());
        log.error("not written either");
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines::toString);
        assertEquals("an earlier run", lines.get(0));
        assertTrue(lines.get(1).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z WARN streamguard - written 2"), lines.get(1));
        assertTrue(lines.get(2).matches("\\S+ ERROR streamguard - also 3"), lines.get(2));
    }
}
