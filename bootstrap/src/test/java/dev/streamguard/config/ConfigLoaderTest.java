package dev.streamguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsAreThoseOfTheDesign() {
        GuardConfig c = ConfigLoader.load(null, new Properties(), Map.of());
        assertEquals(Mode.ENFORCE, c.mode());
        assertEquals(4L << 20, c.maxCallArgumentBytes());
        assertEquals(16L << 20, c.maxStreamArgumentBytes());
        assertEquals(8L << 20, c.maxEventBytes());
        assertEquals(256, c.maxToolCalls());
        assertTrue(c.failOnInvalidArguments());
        assertFalse(c.failOnToolCallMarkup());
        assertFalse(c.failOnGeminiFinishReason());
        assertEquals(ErrorEventHandling.AUTO, c.anthropicErrorEvent());
        assertEquals(0, c.idleTimeoutNanos());
        assertEquals(3_000_000_000L, c.terminalGraceNanos());
        assertTrue(c.guards("https://api.openai.com/v1/chat/completions"));
        for (Setting s : Setting.values()) {
            assertEquals(GuardConfig.Source.DEFAULT, c.source(s));
        }
    }

    @Test
    void agentArgumentBeatsSystemPropertyBeatsEnvironment() {
        Properties p = props("streamguard.mode", "observe", "streamguard.tool-calls.max", "7");
        Map<String, String> env = Map.of("STREAMGUARD_MODE", "off", "STREAMGUARD_TOOL_CALLS_MAX", "9",
                "STREAMGUARD_EVENT_MAX_BYTES", "1MiB");
        GuardConfig c = ConfigLoader.load("mode=enforce", p, env);
        assertEquals(Mode.ENFORCE, c.mode());
        assertEquals(GuardConfig.Source.AGENT_ARGUMENT, c.source(Setting.MODE));
        assertEquals(7, c.maxToolCalls());
        assertEquals(GuardConfig.Source.SYSTEM_PROPERTY, c.source(Setting.TOOL_CALLS_MAX));
        assertEquals(1L << 20, c.maxEventBytes());
        assertEquals(GuardConfig.Source.ENVIRONMENT, c.source(Setting.EVENT_MAX_BYTES));
    }

    @Test
    void everySettingIsReadFromEachSource() {
        String[] values = {"observe", "64KiB", "2MiB", "512KiB", "12", "report", "fail", "pass", "fail", "*/v1/chat/*", "*/health", "90s", "750ms", "warn", "/tmp/sg.log"};
        Setting[] settings = Setting.values();
        assertEquals(values.length, settings.length);
        StringBuilder arg = new StringBuilder();
        Properties p = new Properties();
        java.util.HashMap<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < settings.length; i++) {
            arg.append(i > 0 ? "," : "").append(settings[i].shortName()).append('=').append(values[i]);
            p.setProperty(settings[i].propertyName(), values[i]);
            env.put(settings[i].environmentName(), values[i]);
        }
        for (GuardConfig c : new GuardConfig[] {ConfigLoader.load(arg.toString(), new Properties(), Map.of()),
            ConfigLoader.load(null, p, Map.of()), ConfigLoader.load(null, new Properties(), env)}) {
            assertEquals(Mode.OBSERVE, c.mode());
            assertEquals(64 * 1024, c.maxCallArgumentBytes());
            assertEquals(2 << 20, c.maxStreamArgumentBytes());
            assertEquals(512 * 1024, c.maxEventBytes());
            assertEquals(12, c.maxToolCalls());
            assertFalse(c.failOnInvalidArguments());
            assertTrue(c.failOnToolCallMarkup());
            assertEquals(ErrorEventHandling.PASS, c.anthropicErrorEvent());
            assertTrue(c.failOnGeminiFinishReason());
            assertTrue(c.guards("http://h/v1/chat/completions?x=1"));
            assertFalse(c.guards("http://h/v1/messages"));
            assertEquals(90_000_000_000L, c.idleTimeoutNanos());
            assertEquals(750_000_000L, c.terminalGraceNanos());
            assertEquals("warn", c.value(Setting.LOG_LEVEL));
            assertEquals("/tmp/sg.log", c.value(Setting.LOG_FILE));
        }
    }

    @Test
    void environmentNamesFollowTheSettingNames() {
        assertEquals("STREAMGUARD_TOOL_ARGS_MAX_BYTES", Setting.TOOL_ARGS_MAX_BYTES.environmentName());
        assertEquals("streamguard.tool-args.max-stream-bytes", Setting.TOOL_ARGS_MAX_STREAM_BYTES.propertyName());
        assertEquals("STREAMGUARD_EXCLUDE_URLS", Setting.EXCLUDE_URLS.environmentName());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1|1", "512B|512", "64KiB|65536", "4MiB|4194304", "1GiB|1073741824", "2 mib|2097152", " 10 KiB |10240"})
    void sizesAcceptTheBinaryUnits(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mode|fast|streamguard: invalid value 'fast' for mode (from the agent argument): expected enforce, observe or off",
        "tool-args.max-bytes|4MB|streamguard: invalid value '4MB' for tool-args.max-bytes (from the agent argument): expected a size such as 4MiB, 64KiB or 1048576",
        "tool-args.max-stream-bytes|0|streamguard: invalid value '0' for tool-args.max-stream-bytes (from the agent argument): expected a size such as 16MiB",
        "event.max-bytes|-5KiB|streamguard: invalid value '-5KiB' for event.max-bytes (from the agent argument): expected a size such as 8MiB",
        "tool-calls.max|ten|streamguard: invalid value 'ten' for tool-calls.max (from the agent argument): expected a positive whole number",
        "tool-calls.max|0|streamguard: invalid value '0' for tool-calls.max (from the agent argument): expected a positive whole number",
        "tool-args.invalid-json|ignore|streamguard: invalid value 'ignore' for tool-args.invalid-json (from the agent argument): expected fail or report",
        "anthropic.error-event|drop|streamguard: invalid value 'drop' for anthropic.error-event (from the agent argument): expected auto, fail or pass",
        "stream.idle-timeout|30|streamguard: invalid value '30' for stream.idle-timeout (from the agent argument): expected off or a duration such as 500ms, 30s or 5m",
        "stream.terminal-grace|soon|streamguard: invalid value 'soon' for stream.terminal-grace (from the agent argument): expected off or a duration such as 500ms or 3s",
        "log.level|verbose|streamguard: invalid value 'verbose' for log.level (from the agent argument): expected off, error, warn, info or debug"})
    void aBadValueNamesTheSettingTheValueAndTheSource(String key, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(key + "=" + value, new Properties(), Map.of()));
        assertEquals(message, e.getMessage());
    }

    @Test
    void badValuesFromPropertiesAndEnvironmentNameTheirSource() {
        ConfigException fromProperty = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, props("streamguard.event.max-bytes", "huge"), Map.of()));
        assertEquals("streamguard: invalid value 'huge' for streamguard.event.max-bytes (from a system property): expected a size such as 8MiB",
                fromProperty.getMessage());
        ConfigException fromEnv = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, new Properties(), Map.of("STREAMGUARD_MODE", "loud")));
        assertEquals("streamguard: invalid value 'loud' for STREAMGUARD_MODE (from an environment variable): expected enforce, observe or off",
                fromEnv.getMessage());
    }

    @Test
    void unknownKeysAndMalformedPiecesInTheAgentArgumentAreErrors() {
        ConfigException unknown = assertThrows(ConfigException.class, () -> ConfigLoader.load("mod=observe", new Properties(), Map.of()));
        assertTrue(unknown.getMessage().startsWith("streamguard: unknown setting 'mod' in the agent argument; known settings: mode, "),
                unknown.getMessage());
        ConfigException noEquals = assertThrows(ConfigException.class, () -> ConfigLoader.load("observe", new Properties(), Map.of()));
        assertEquals("streamguard: 'observe' in the agent argument is not key=value", noEquals.getMessage());
    }

    @Test
    void propertyNamesAreAcceptedInTheAgentArgument() {
        assertEquals(Mode.OFF, ConfigLoader.load("streamguard.mode=off", new Properties(), Map.of()).mode());
    }

    @Test
    void urlPatternsIncludeAndExclude() {
        GuardConfig c = ConfigLoader.load("include-urls=https://api.example.com/*;*/v1/messages,exclude-urls=*/v1/chat/internal*",
                new Properties(), Map.of());
        assertTrue(c.guards("https://api.example.com/v1/chat/completions"));
        assertTrue(c.guards("http://localhost:4000/v1/messages?beta=true"));
        assertFalse(c.guards("https://api.example.com/v1/chat/internal/x"));
        assertFalse(c.guards("https://other.example.com/v1/chat/completions"));
        assertFalse(ConfigLoader.load("mode=off", new Properties(), Map.of()).guards("http://x/"));
    }

    @Test
    void aModeSwitchKeepsEverythingElseAndSaysWhereItCameFrom() {
        GuardConfig c = ConfigLoader.load("tool-calls.max=3", new Properties(), Map.of()).withMode(Mode.OBSERVE);
        assertEquals(Mode.OBSERVE, c.mode());
        assertEquals(GuardConfig.Source.RUNTIME, c.source(Setting.MODE));
        assertEquals(3, c.maxToolCalls());
        assertEquals("observe", c.describe().get("streamguard.mode"));
    }
}
