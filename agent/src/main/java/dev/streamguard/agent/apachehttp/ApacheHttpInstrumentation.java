package dev.streamguard.agent.apachehttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.streamguard.agent.install.AdviceHook;
import dev.streamguard.agent.install.ClassHook;
import dev.streamguard.agent.install.ClientInstrumentation;
import java.util.List;

/**
 * Apache HttpClient 5, classic: every request of a {@code CloseableHttpClient} (so Spring's {@code RestClient}
 * and {@code RestTemplate} on {@code HttpComponentsClientHttpRequestFactory}) is executed by
 * {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)} of its two implementations (for
 * {@code InternalHttpClient}, after its exec chain's transparent decompression; {@code MinimalHttpClient} has
 * none, and a compressed event stream through it is reported and left unguarded); {@link ClassicResponseAdvice}
 * gives an event stream's response an entity over the guard. A class without that method is refused by the
 * hook, and logged.
 */
public final class ApacheHttpInstrumentation implements ClientInstrumentation {
    @Override
    public List<String> targetClasses() {
        return List.of("org.apache.hc.client5.http.impl.classic.InternalHttpClient", "org.apache.hc.client5.http.impl.classic.MinimalHttpClient");
    }

    @Override
    public ClassHook hook(ClassLoader agentLoader) {
        return new AdviceHook(ClassicResponseAdvice.class.getName(), "doExecute(HttpHost, ClassicHttpRequest, HttpContext)",
                () -> named("doExecute").and(takesArguments(3))
                        .and(takesArgument(1, named("org.apache.hc.core5.http.ClassicHttpRequest")))
                        .and(returns(named("org.apache.hc.client5.http.impl.classic.CloseableHttpResponse"))),
                agentLoader);
    }

    /** Loaded by every application that builds a classic client, well before its first request. */
    @Override
    public String announcedBy() {
        return "org.apache.hc.client5.http.impl.classic.CloseableHttpClient";
    }

    @Override
    public void warmUp(ClassLoader agentLoader) {
        AdviceHook.warmUp(agentLoader);
    }
}
