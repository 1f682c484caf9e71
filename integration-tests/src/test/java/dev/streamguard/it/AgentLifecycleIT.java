package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the agent behaves around its own start: loaded twice it guards once and says so; a bad setting is
 * reported and nothing is guarded, but the application runs; a renamed jar still works, and so does an
 * unwritable temporary directory; a response the guard must not or cannot read (excluded URL, a compressed
 * body through the JDK client) passes untouched, the latter reported once, while a gzip body through OkHttp
 * is decoded and guarded; a stalled upstream is stopped by stream.idle-timeout.
 */
class AgentLifecycleIT {
    private static final String MAIN = "dev.streamguard.it.client.JdkClientApp";
    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();

    private static ForkedJvm.Exit read(List<String> agentOptions, List<String> urls) throws Exception {
        return read("ofString", agentOptions, urls);
    }

    private static ForkedJvm.Exit read(String handler, List<String> agentOptions, List<String> urls) throws Exception {
        List<String> jvm = new ArrayList<>(upstream.trustOptions());
        jvm.addAll(agentOptions);
        List<String> args = new ArrayList<>(List.of(handler, "1.1"));
        args.addAll(urls);
        ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(Jdks.current(), jvm, ForkedJvm.classpath("jdk", "jdk"), MAIN, args), 60);
        assertEquals(0, exit.code, exit.toString());
        return exit;
    }

    private static String fixtureUrl(String name) {
        return upstream.url(false, "/f/" + name);
    }

    @Test
    void loadedTwiceItGuardsOnceAndSaysSo() throws Exception {
        String agent = "-javaagent:" + ForkedJvm.AGENT_JAR;
        ForkedJvm.Exit exit = read(List.of(agent, agent), List.of(fixtureUrl("openai/litellm-combined")));
        assertEquals(Fixture.load("openai/litellm-combined").expected, ClientResult.parse(exit.stdout).get(0).read);
        assertEquals(1, exit.stderr.lines().filter(l -> l.contains("streamguard ") && l.contains(" active")).count(), exit.stderr);
        assertEquals(1, exit.stderr.lines().filter(l -> l.contains("already active in this JVM; this load does nothing")).count(),
                exit.stderr);
    }

    @Test
    void aBadSettingIsReportedAndNothingIsGuardedButTheApplicationRuns() throws Exception {
        ForkedJvm.Exit exit = read(List.of("-javaagent:" + ForkedJvm.AGENT_JAR + "=mode=loud"),
                List.of(fixtureUrl("openai/litellm-combined")));
        assertEquals(Fixture.load("openai/litellm-combined").input, ClientResult.parse(exit.stdout).get(0).read);
        assertTrue(exit.stderr.contains("streamguard: invalid value 'loud' for mode (from the agent argument): expected enforce, "
                + "observe or off; StreamGuard guards nothing in this JVM"), exit.stderr);
        assertTrue(exit.stderr.lines().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ ERROR streamguard - streamguard: invalid value .*")),
                "in the agent's log format, with its time: " + exit.stderr);
    }

    /** A read-only container: the agent writes no file, not even to java.io.tmpdir. */
    @Test
    void withoutAWritableTemporaryDirectoryItStillGuards() throws Exception {
        ForkedJvm.Exit exit = read(List.of("-Djava.io.tmpdir=/nonexistent/streamguard-it", "-javaagent:" + ForkedJvm.AGENT_JAR),
                List.of(fixtureUrl("openai/litellm-combined")));
        assertEquals(Fixture.load("openai/litellm-combined").expected, ClientResult.parse(exit.stdout).get(0).read);
        // JDK 25 (not 17) warns about the missing directory itself, with or without an agent.
        AgentOutput.assertCleanStart(exit.stderr.replace("WARNING: java.io.tmpdir directory does not exist\n", ""));
    }

    @Test
    void aRenamedJarStillGuards() throws Exception {
        Path renamed = Files.createTempFile("streamguard-agent-renamed", ".jar");
        try {
            Files.copy(ForkedJvm.AGENT_JAR, renamed, StandardCopyOption.REPLACE_EXISTING);
            ForkedJvm.Exit exit = read(List.of("-javaagent:" + renamed), List.of(fixtureUrl("openai/litellm-combined")));
            assertEquals(Fixture.load("openai/litellm-combined").expected, ClientResult.parse(exit.stdout).get(0).read);
        } finally {
            Files.deleteIfExists(renamed);
        }
    }

    @Test
    void excludedAndCompressedStreamsPassUntouchedAndCompressionIsReportedOnce() throws Exception {
        String raw = Fixture.load("openai/litellm-combined").input;
        ForkedJvm.Exit exit = read("ofByteArray", List.of("-javaagent:" + ForkedJvm.AGENT_JAR + "=exclude-urls=*/f/openai/*"),
                List.of(fixtureUrl("openai/litellm-combined"), upstream.url(false, "/gzip/openai/litellm-combined"),
                        upstream.url(false, "/gzip/openai/litellm-combined")));
        Map<Integer, ClientResult> results = ClientResult.parse(exit.stdout);
        assertEquals(raw, results.get(0).read, "excluded by URL");
        assertArrayEquals(Upstream.gzip(raw), results.get(1).bytes, "compressed bytes untouched");
        assertArrayEquals(Upstream.gzip(raw), results.get(2).bytes, "compressed bytes untouched");
        assertEquals(1, exit.stderr.lines().filter(l -> l.contains("was left unguarded (Content-Encoding gzip)")).count(), exit.stderr);
    }

    /**
     * More choices than the guard follows fail the stream clearly (it once turned the guard off for the rest of
     * the stream); a failure inside the guard itself is FailOpenIT's.
     */
    @Test
    void moreChoicesThanTheGuardFollowsFailTheStreamClearly() throws Exception {
        String url = upstream.url(false, "/too-many-choices");
        ForkedJvm.Exit exit = read("ofInputStream", List.of("-javaagent:" + ForkedJvm.AGENT_JAR), List.of(url, url));
        Map<Integer, ClientResult> results = ClientResult.parse(exit.stdout);
        for (int i = 0; i < 2; i++) {
            assertEquals(TooManyChoices.EXPECTED, results.get(i).read);
            assertEquals(TooManyChoices.FAILURE, results.get(i).errorMessage);
        }
        assertEquals(0, exit.stderr.lines().filter(l -> l.contains("internal error")).count(), exit.stderr);
        assertEquals(2, exit.stderr.lines().filter(l -> l.contains(" outcome=failed cause=cap_exceeded raised=true ")
                && l.contains(" caps=choices ")).count(), "the anomaly log names the limit: " + exit.stderr);
    }

    /** A proxy that stops forwarding mid-stream: with stream.idle-timeout every client gets a clear failure. */
    @Test
    void aStalledUpstreamFailsClearlyAfterTheIdleTimeoutThroughEveryClient() throws Exception {
        try (StallingUpstream stalling = new StallingUpstream()) {
            stalledClients(stalling.url("openai/litellm-combined"));
        }
    }

    private static void stalledClients(String url) throws Exception {
        String prefix = "streamguard: no data from the upstream for 1s (streamguard.stream.idle-timeout) after 1 events (";
        List<String> jvm = new ArrayList<>(upstream.trustOptions());
        jvm.add("-javaagent:" + ForkedJvm.AGENT_JAR + "=stream.idle-timeout=1s");
        String[][] runs = {{"jdk", "dev.streamguard.it.client.JdkClientApp", "ofString", "1.1"},
            {"jdk", "dev.streamguard.it.client.JdkClientApp", "ofInputStream", "1.1"},
            {"okhttp4", "dev.streamguard.it.client.OkHttpClientApp", "execute", null},
            {"okhttp4", "dev.streamguard.it.client.OkHttpClientApp", "sse", null}};
        for (String[] run : runs) {
            List<String> args = new ArrayList<>(List.of(run[2]));
            if (run[3] != null) {
                args.add(run[3]);
            }
            args.add(url);
            long start = System.nanoTime();
            ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(Jdks.current(), jvm, ForkedJvm.classpath(run[0], run[0]), run[1], args), 60);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            ClientResult r = ClientResult.parse(exit.stdout).get(0);
            String where = run[2] + ": " + r;
            assertTrue(r.errorMessage != null && r.errorMessage.startsWith(prefix), where + "\n" + exit.stderr);
            assertTrue(seconds < 20, where + " took " + seconds + " s");
        }
    }

    /**
     * An application that asks for gzip itself (openai-java does) gets OkHttp's body still compressed: the
     * guard decodes it, repairs the stream, and hands over an identity response, as OkHttp's own gzip does.
     */
    @Test
    void okHttpWithAnApplicationSetAcceptEncodingGetsTheGzipBodyDecodedAndGuarded() throws Exception {
        Fixture f = Fixture.load("openai/litellm-combined");
        List<String> jvm = new ArrayList<>(upstream.trustOptions());
        jvm.add("-javaagent:" + ForkedJvm.AGENT_JAR);
        jvm.add("-Dit.acceptGzip=true");
        ForkedJvm.Exit exit = ForkedJvm.run(ForkedJvm.command(Jdks.current(), jvm, ForkedJvm.classpath("okhttp4", "okhttp4"),
                "dev.streamguard.it.client.OkHttpClientApp", List.of("execute", upstream.url(false, "/gzip/" + f.name))), 60);
        assertEquals(f.expected, ClientResult.parse(exit.stdout).get(0).read, exit.stderr);
        assertEquals(0, exit.stderr.lines().filter(l -> l.contains("left unguarded")).count(), exit.stderr);
    }
}
