package dev.streamguard.it.probe;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * A test-only Java agent, loaded after StreamGuard's: instruments two classes of the guard core (on the
 * boot class path) with {@link ScanAdvice} (fault injection) and {@link ReportAdvice} (report probe). Built
 * into a jar at test time by {@code ProbeAgentJar}; nothing of it is in the product.
 */
public final class ProbeAgent {
    static final String SCANNER = "dev.streamguard.openai.OpenAiChunkScanner";
    static final String REPORT = "dev.streamguard.core.StreamReport";

    private ProbeAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        ClassLoader advice = ProbeAgent.class.getClassLoader();
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // The targets are boot classes, which Byte Buddy ignores by default.
                .ignore(not(namedOneOf(SCANNER, REPORT)))
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                                 DynamicType dynamicType) {
                        System.err.println("probe: instrumented " + type.getName());
                    }

                    @Override
                    public void onError(String type, ClassLoader loader, JavaModule module, boolean loaded, Throwable t) {
                        System.err.println("probe: could not instrument " + type + ": " + t);
                    }
                })
                .type(named(SCANNER))
                .transform(new AgentBuilder.Transformer.ForAdvice().include(advice)
                        .advice(named("scan"), ScanAdvice.class.getName()))
                .type(named(REPORT))
                .transform(new AgentBuilder.Transformer.ForAdvice().include(advice)
                        .advice(isConstructor(), ReportAdvice.class.getName()))
                .installOn(instrumentation);
    }
}
