package dev.streamguard.agent.apachehttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.streamguard.agent.install.AdviceHook;
import dev.streamguard.agent.install.ClassHook;
import dev.streamguard.agent.install.ClientInstrumentation;
import dev.streamguard.agent.install.GlueLoader;
import dev.streamguard.runtime.ApacheAsyncBridge;
import java.util.List;

/**
 * Apache HttpClient 5, async: every exchange of the clients {@code HttpAsyncClients} builds (HTTP/1.1 and
 * HTTP/2; its reactive streams bridge included, which is a response consumer like any other) starts in
 * {@code InternalAbstractHttpAsyncClient.executeImmediate(HttpRequest, AsyncEntityProducer, Scope,
 * AsyncExecChain, AsyncExecCallback)}; {@link AsyncExchangeAdvice} hands its producer and callback to the
 * glue ({@code glue} package), compiled against HttpClient 5 and loaded for each class loader that has it.
 * The minimal clients ({@code HttpAsyncClients.createMinimal}) execute elsewhere and are not guarded.
 */
public final class ApacheAsyncInstrumentation implements ClientInstrumentation {
    private static final String GLUE = ApacheAsyncInstrumentation.class.getPackageName() + ".glue.AsyncExchanges";

    @Override
    public List<String> targetClasses() {
        return List.of("org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient");
    }

    @Override
    public ClassHook hook(ClassLoader agentLoader) {
        ApacheAsyncBridge.install(client -> (ApacheAsyncBridge.Exchanges) GlueLoader.newEntry(client, agentLoader, GLUE));
        return new AdviceHook(AsyncExchangeAdvice.class.getName(), "executeImmediate(HttpRequest, AsyncEntityProducer, Scope, AsyncExecChain, AsyncExecCallback)",
                () -> named("executeImmediate").and(takesArguments(5))
                        .and(takesArgument(1, named("org.apache.hc.core5.http.nio.AsyncEntityProducer")))
                        .and(takesArgument(2, named("org.apache.hc.client5.http.async.AsyncExecChain$Scope")))
                        .and(takesArgument(4, named("org.apache.hc.client5.http.async.AsyncExecCallback"))),
                agentLoader);
    }

    /** Loaded by every application that builds an async client, well before its first request. */
    @Override
    public String announcedBy() {
        return "org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient";
    }

    @Override
    public void warmUp(ClassLoader agentLoader) {
        AdviceHook.warmUp(agentLoader);
    }
}
