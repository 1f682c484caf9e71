package dev.streamguard.agent.vertx;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.streamguard.agent.install.AdviceHook;
import dev.streamguard.agent.install.ClassHook;
import dev.streamguard.agent.install.ClientInstrumentation;
import dev.streamguard.agent.install.GlueLoader;
import dev.streamguard.runtime.VertxBridge;
import java.util.List;

/**
 * Vert.x's HTTP client, 4.5 and 5 (its {@code HttpClient} and the {@code WebClient} over it, so the Quarkus
 * REST client): every response of a client request, HTTP/1.x or HTTP/2, is an {@code HttpClientResponseImpl},
 * made when its head arrives ({@link CreatedAdvice}, where the glue decides on it), whose body reaches the
 * application through its {@code handleChunk(Buffer)} ({@link ChunkAdvice}), {@code handleEnd(MultiMap)}
 * ({@link EndAdvice}) and {@code handleException(Throwable)} ({@link ExceptionAdvice}), all on the
 * connection's event loop; a request's whole body, for the rules that need it, is seen where
 * {@code HttpClientRequestImpl.end(Buffer)} (so {@code send(Buffer)}) is called ({@link RequestBodyAdvice}). The glue ({@code glue} package) is compiled against Vert.x 4.5 and loaded for each
 * class loader that has Vert.x. A class without any of those methods is refused.
 */
public final class VertxInstrumentation implements ClientInstrumentation {
    static final String RESPONSE = "io.vertx.core.http.impl.HttpClientResponseImpl";
    static final String REQUEST = "io.vertx.core.http.impl.HttpClientRequestImpl";
    private static final String GLUE = VertxInstrumentation.class.getPackageName() + ".glue.VertxResponses";

    @Override
    public List<String> targetClasses() {
        return List.of(RESPONSE, REQUEST);
    }

    @Override
    public ClassHook hook(ClassLoader agentLoader) {
        wireBridge(agentLoader);
        ClassHook response = responseHook(agentLoader);
        ClassHook request = new AdviceHook(RequestBodyAdvice.class.getName(), "end(Buffer)",
                () -> named("end").and(takesArgument(0, named("io.vertx.core.buffer.Buffer"))), agentLoader);
        return (className, loader, classfile) -> (className.equals(REQUEST) ? request : response).apply(className, loader, classfile);
    }

    private static ClassHook responseHook(ClassLoader agentLoader) {
        return new AdviceHook(agentLoader,
                new AdviceHook.On(CreatedAdvice.class.getName(), "its constructor", () -> isConstructor()),
                new AdviceHook.On(ChunkAdvice.class.getName(), "handleChunk(Buffer)",
                        () -> named("handleChunk").and(takesArguments(1)).and(takesArgument(0, named("io.vertx.core.buffer.Buffer")))),
                new AdviceHook.On(EndAdvice.class.getName(), "handleEnd(MultiMap)",
                        () -> named("handleEnd").and(takesArguments(1)).and(takesArgument(0, named("io.vertx.core.MultiMap")))),
                new AdviceHook.On(ExceptionAdvice.class.getName(), "handleException(Throwable)",
                        () -> named("handleException").and(takesArguments(1)).and(takesArgument(0, named("java.lang.Throwable")))));
    }

    private static void wireBridge(ClassLoader agentLoader) {
        // One glue per copy of Vert.x, kept by its response class: the request's hook finds it through that class,
        // so both share what it keeps, and a class value lets the copy go when its loader is collected.
        ClassValue<VertxBridge.Responses> glues = new ClassValue<VertxBridge.Responses>() {
            @Override
            protected VertxBridge.Responses computeValue(Class<?> responseClass) {
                return (VertxBridge.Responses) GlueLoader.newEntry(responseClass, agentLoader, GLUE);
            }
        };
        VertxBridge.install(hooked -> {
            try {
                return glues.get(hooked.getName().equals(RESPONSE) ? hooked : Class.forName(RESPONSE, false, hooked.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("no " + RESPONSE + " beside " + hooked.getName(), e);
            }
        });
    }

    /** Loaded by every application that builds a Vert.x HTTP client, well before its first response. */
    @Override
    public String announcedBy() {
        return "io.vertx.core.http.HttpClient";
    }

    @Override
    public void warmUp(ClassLoader agentLoader) {
        AdviceHook.warmUp(agentLoader);
    }
}
