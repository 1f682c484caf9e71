package dev.streamguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.testing.Fixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The production hotfix: a running service that has already used the JDK HttpClient and OkHttp (their
 * classes loaded, connections pooled) gets the agent by {@code java -jar streamguard-agent.jar attach
 * <pid>}; its next streams through both clients are guarded. {@code list} marks it as guarded.
 */
class AttachIT {
    private static final List<String> FIXTURES = List.of("openai/litellm-combined", "openai/d15-cut-mid-arguments",
            "anthropic/d18-unnamed-events");
    @RegisterExtension
    static final Upstream upstream = Upstream.forTheTestClass();

    static Stream<Arguments> jdks() {
        return Jdks.all().stream().flatMap(jdk -> Stream.of(Arguments.of(jdk, false), Arguments.of(jdk, true)));
    }

    @ParameterizedTest(name = "{0} EnableDynamicAgentLoading={1}")
    @MethodSource("jdks")
    void attachedToARunningServiceItsNextStreamsAreGuarded(Jdks.Jdk jdk, boolean enableDynamicLoading) throws Exception {
        List<String> jvm = new ArrayList<>(upstream.trustOptions());
        if (enableDynamicLoading) {
            jvm.add("-XX:+EnableDynamicAgentLoading");
        }
        List<String> urls = new ArrayList<>();
        FIXTURES.forEach(f -> urls.add(upstream.url(false, "/f/" + f)));
        AttachedTarget target = AttachedTarget.run(jdk, jvm, ForkedJvm.classpath("okhttp4", "okhttp4"),
                "dev.streamguard.it.client.AttachTargetApp", urls, pid -> {
                    ForkedJvm.Exit list = ForkedJvm.run(ForkedJvm.command(jdk, List.of(), ForkedJvm.AGENT_JAR.toString(),
                            "dev.streamguard.agent.cli.StreamGuardCli", List.of("list")), 60);
                    assertTrue(list.stdout.stream().anyMatch(l -> l.startsWith(pid + "\tguarded(")), "list marks it: " + list.stdout);
                    ForkedJvm.Exit again = ForkedJvm.run(ForkedJvm.command(jdk, List.of(), ForkedJvm.AGENT_JAR.toString(),
                            "dev.streamguard.agent.cli.StreamGuardCli", List.of("attach", pid)), 60);
                    assertEquals(0, again.code, "attach again: " + again);
                    assertTrue(again.stdout.get(0).startsWith("streamguard: already active in " + pid), again.stdout.toString());
                });
        Map<Integer, ClientResult> results = ClientResult.parse(target.stdout);
        int n = FIXTURES.size();
        for (int i = 0; i < n; i++) {
            Fixture f = Fixture.load(FIXTURES.get(i));
            for (int round = 0; round < 2; round++) {
                for (int client = 0; client < 2; client++) {
                    ClientResult r = results.get(round * 2 * n + client * n + i);
                    String where = f.name + (client == 0 ? " jdk" : " okhttp") + (round == 0 ? " before" : " after") + " the attach";
                    if (round == 0) {
                        assertEquals(f.input, r.read, where);
                        assertEquals(null, r.errorMessage, where);
                    } else if (f.failureMessage == null) {
                        assertEquals(f.expected, r.read, where);
                    } else {
                        assertEquals(f.failureMessage, r.errorMessage, where);
                    }
                }
            }
        }
        String stderr = target.stderr;
        assertEquals(1, stderr.lines().filter(l -> l.contains(" active (attached)")).count(), stderr);
        assertEquals(1, stderr.lines().filter(l -> l.contains("already active in this JVM")).count(), stderr);
        boolean warned = stderr.contains("A Java agent has been loaded dynamically");
        assertEquals(!enableDynamicLoading && Integer.parseInt(jdk.version) >= 21, warned,
                "the JDK's warning about dynamic loading, which -XX:+EnableDynamicAgentLoading silences: " + stderr);
    }
}
