package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Fixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application with its own old jackson-core (2.9), Byte Buddy (1.10) and SLF4J 1.7 with Logback as its
 * binding, with the agent, on every JDK: its streams are guarded and repaired (and failed) through the JDK
 * HttpClient and OkHttp; its own Jackson reads the repaired events, its own Byte Buddy makes a class, its
 * own Logback logs with its own pattern; the agent sets none of those libraries' system properties, still
 * writes its own log lines, and nothing prints an SLF4J warning (multiple bindings or providers,
 * or anything else).
 */
class DependencyClashIT {
    private static final String[] FIXTURES = {"openai/litellm-combined", "anthropic/d16-input-in-start", "openai/d15-cut-mid-arguments"};
    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();

    static Stream<Jdks.Jdk> jdks() {
        return Jdks.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anApplicationWithItsOwnJacksonByteBuddyAndLogbackIsGuardedAndKeepsItsLibraries(Jdks.Jdk jdk) throws Exception {
        List<String> urls = new ArrayList<>();
        for (String name : FIXTURES) {
            urls.add(upstream.url(false, "/f/" + name));
        }
        List<String> jvm = new ArrayList<>(List.of("-javaagent:" + ForkedJvm.AGENT_JAR));
        ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(jdk, jvm, ForkedJvm.classpath("clash", "clash"),
                "dev.streamguard.it.client.ClashApp", urls), 120);
        assertEquals(0, exit.code, exit.toString());
        String stdout = String.join("\n", exit.stdout);

        // The application's own libraries, and nothing of the agent's in their place.
        assertTrue(exit.stdout.contains("JACKSON 2.9.10 jackson-core-2.9.10.jar"), stdout);
        assertTrue(exit.stdout.contains("BYTEBUDDY made-by-the-application byte-buddy-1.10.22.jar"), stdout);
        assertTrue(exit.stdout.contains("LOGGER-FACTORY ch.qos.logback.classic.LoggerContext"), stdout);
        assertTrue(exit.stdout.contains("PROPS []"), "the agent sets no property of the application's libraries: " + stdout);
        assertTrue(exit.stdout.contains("LOGBACK INFO  ClashApp - read 6 streams with jackson-core 2.9.10"), stdout);

        // Its streams are guarded: repaired, or failed, through both clients.
        Map<Integer, ClientResult> results = ClientResult.parse(exit.stdout);
        assertEquals(2 * FIXTURES.length, results.size(), stdout);
        for (int i = 0; i < FIXTURES.length; i++) {
            Fixture f = Fixture.load(FIXTURES[i]);
            ClientResult viaJdk = results.get(2 * i);
            ClientResult viaOkHttp = results.get(2 * i + 1);
            assertEquals(f.failureMessage == null ? f.expected : "", viaJdk.read, FIXTURES[i] + " through the JDK client (ofString)");
            assertEquals(f.expected, viaOkHttp.read, FIXTURES[i] + " through OkHttp");
            assertEquals(f.failureMessage, viaJdk.errorMessage, FIXTURES[i]);
            assertEquals(f.failureMessage, viaOkHttp.errorMessage, FIXTURES[i]);
        }
        // What its Jackson made of the repaired events: one name per call, the arguments whole.
        assertTrue(exit.stdout.contains("PARSED 0 names=get_weather arguments={\"city\":\"Paris\"}"), stdout);
        assertTrue(exit.stdout.contains("PARSED 1 names=get_weather arguments={\"city\":\"Paris\"}"), stdout);
        assertTrue(exit.stdout.contains("PARSED 2 names=get_weather arguments={\"city\": \"Paris\", \"units\": {\"temp\": \"C\"}}"), stdout);

        // The agent still logs through its own logger: started, and a line for each repaired or failed stream.
        assertEquals(1, exit.stderr.lines().filter(l -> l.contains("streamguard ") && l.contains(" active")).count(), exit.stderr);
        assertEquals(List.of("repaired", "repaired", "repaired", "repaired", "failed", "failed"),
                ObservabilityIT.logLines(exit.stderr).stream().map(l -> l.get("outcome")).collect(Collectors.toList()), exit.stderr);

        // No SLF4J warning of any kind, from either SLF4J, anywhere; no Logback status warning.
        String everything = stdout + "\n" + exit.stderr;
        List<String> warnings = everything.lines().filter(l -> l.contains("SLF4J")
                || l.contains("|-WARN") || l.contains("|-ERROR")).collect(Collectors.toList());
        assertEquals(List.of(), warnings, everything);
    }
}
