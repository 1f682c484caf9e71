package dev.streamguard.agent.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.streamguard.agent.install.AdviceHook;
import dev.streamguard.agent.install.ClassHook;
import dev.streamguard.agent.install.ClientInstrumentation;
import dev.streamguard.agent.install.GlueLoader;
import dev.streamguard.runtime.ReactorNettyBridge;
import java.util.List;

/**
 * Reactor Netty 1.0 to 1.3, so Spring's {@code WebClient} and {@code ReactorClientHttpRequestFactory}, and
 * azure-core-http-netty: every inbound message of a client exchange, HTTP/1.1 or HTTP/2, passes
 * {@code HttpClientOperations.onInboundNext(ChannelHandlerContext, Object)} on the event loop, where
 * {@link InboundAdvice} hands it to the glue; {@link EndAdvice} tells the glue of a cancel or a closed
 * connection, and {@link RequestAdvice} shows it a request body sent whole. The glue ({@code glue} package) is compiled against Reactor Netty and loaded for each class
 * loader that has it ({@link GlueLoader}).
 */
public final class ReactorNettyInstrumentation implements ClientInstrumentation {
    static final String OPERATIONS = "reactor.netty.http.client.HttpClientOperations";
    private static final String GLUE = ReactorNettyInstrumentation.class.getPackageName() + ".glue.NettyInbound";

    @Override
    public List<String> targetClasses() {
        return List.of(OPERATIONS);
    }

    @Override
    public ClassHook hook(ClassLoader agentLoader) {
        ReactorNettyBridge.install(operations -> (ReactorNettyBridge.Inbound) GlueLoader.newEntry(operations, agentLoader, GLUE));
        return new AdviceHook(agentLoader,
                new AdviceHook.On(InboundAdvice.class.getName(), "onInboundNext(ChannelHandlerContext, Object)",
                        () -> named("onInboundNext").and(takesArguments(2))
                                .and(takesArgument(0, named("io.netty.channel.ChannelHandlerContext")))),
                new AdviceHook.On(EndAdvice.class.getName(), "onInboundCancel() and onInboundClose()",
                        () -> named("onInboundCancel").or(named("onInboundClose")).and(takesArguments(0))),
                new AdviceHook.On(RequestAdvice.class.getName(), "newFullBodyMessage(ByteBuf)",
                        () -> named("newFullBodyMessage").and(takesArguments(1))
                                .and(takesArgument(0, named("io.netty.buffer.ByteBuf")))));
    }

    /** Loaded by every application that builds a Reactor Netty client, well before its first response. */
    @Override
    public String announcedBy() {
        return "reactor.netty.http.client.HttpClient";
    }

    @Override
    public void warmUp(ClassLoader agentLoader) {
        AdviceHook.warmUp(agentLoader);
    }
}
