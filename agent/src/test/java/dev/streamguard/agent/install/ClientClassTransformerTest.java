package dev.streamguard.agent.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import dev.streamguard.agent.observe.GuardMBean;
import dev.streamguard.agent.observe.StreamCounters;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code status} shows of the client classes: each one that loaded, instrumented or refused with the hook's reason. */
class ClientClassTransformerTest {
    private static final byte[] CHANGED = {1, 2, 3};

    @Test
    void eachTargetClassThatLoadedIsListedWithWhatBecameOfIt() {
        Instrumentation none = (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> null);
        ClientOutcomes outcomes = new ClientOutcomes();
        ClientClassTransformer transformer = new ClientClassTransformer(none, Object.class.getModule(), getClass().getClassLoader(), outcomes);
        transformer.add(new ClientInstrumentation() {
            @Override
            public List<String> targetClasses() {
                return List.of("c.Refused", "a.Fitting", "b.NeverLoaded");
            }

            @Override
            public ClassHook hook(ClassLoader agentLoader) {
                return (name, loader, classfile) -> {
                    if (name.equals("c.Refused")) {
                        throw new IllegalStateException("no send() in " + name);
                    }
                    return CHANGED;
                };
            }
        });
        assertArrayEquals(new String[0], outcomes.list());
        assertNull(transformer.transform(null, null, "c/Refused", null, null, new byte[0]));
        assertNull(transformer.transform(null, null, "c/Refused", null, null, new byte[0]), "refused again in another loader");
        assertEquals(CHANGED, transformer.transform(null, null, "a/Fitting", null, null, new byte[0]));
        assertNull(transformer.transform(null, null, "d/NotATarget", null, null, new byte[0]));
        assertArrayEquals(new String[] {"a.Fitting: instrumented",
            "c.Refused: not instrumented, its responses are not guarded: java.lang.IllegalStateException: no send() in c.Refused"},
                outcomes.list());
        transformer.rejected("a.Fitting", new UnsupportedOperationException("class redefinition failed"));
        assertEquals("a.Fitting: not instrumented, its responses are not guarded: java.lang.UnsupportedOperationException: "
                + "class redefinition failed", outcomes.list()[0], "the JVM refused the changed class after an attach");
    }

    private final ClientOutcomes outcomes = new ClientOutcomes();

    /** A transformer over one client whose hook {@code makeHook} makes, for classes {@code a.Request} and {@code a.Response}. */
    private ClientClassTransformer transformerOfOneClient(java.util.function.Supplier<ClassHook> makeHook) {
        Instrumentation none = (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> null);
        ClientClassTransformer transformer = new ClientClassTransformer(none, Object.class.getModule(), getClass().getClassLoader(), outcomes);
        transformer.add(new ClientInstrumentation() {
            @Override
            public List<String> targetClasses() {
                return List.of("a.Request", "a.Response");
            }

            @Override
            public ClassHook hook(ClassLoader agentLoader) {
                return makeHook.get();
            }
        });
        return transformer;
    }

    /** A client the application never uses costs nothing: its hook is made at the first of its classes, once. */
    @Test
    void theHookIsMadeWhenTheFirstTargetClassLoadsAndOnlyThen() {
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        ClientClassTransformer transformer = transformerOfOneClient(() -> {
            made.incrementAndGet();
            return (name, loader, classfile) -> CHANGED;
        });
        assertEquals(0, made.get(), "not at installation");
        assertNull(transformer.transform(null, null, "b/Other", null, null, new byte[0]));
        assertEquals(0, made.get(), "not for another class");
        assertEquals(CHANGED, transformer.transform(null, null, "a/Response", null, null, new byte[0]));
        assertEquals(CHANGED, transformer.transform(null, null, "a/Request", null, null, new byte[0]));
        assertEquals(1, made.get(), "once, for both target classes");
    }

    /** A hook that cannot be made refuses the class that asked for it, named with the reason, and is tried again at the next. */
    @Test
    void aHookThatCannotBeMadeRefusesThatClassAndIsTriedAgain() {
        java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
        ClientClassTransformer transformer = transformerOfOneClient(() -> {
            if (tries.incrementAndGet() == 1) {
                throw new IllegalStateException("no glue");
            }
            return (name, loader, classfile) -> CHANGED;
        });
        assertNull(transformer.transform(null, null, "a/Request", null, null, new byte[0]));
        assertEquals(CHANGED, transformer.transform(null, null, "a/Response", null, null, new byte[0]));
        assertEquals(2, tries.get());
        assertArrayEquals(new String[] {"a.Request: not instrumented, its responses are not guarded: java.lang.IllegalStateException: no glue",
            "a.Response: instrumented"}, outcomes.list());
    }

    /**
     * A class the hook changed whose glue then fails for a copy of the library (at that copy's first response) is
     * listed with both, since other copies may be guarded; the failure also counts as a fail-open.
     */
    @Test
    void aGlueThatFailsIsListedBesideTheInstrumentedClass() throws Exception {
        ClientClassTransformer transformer = transformerOfOneClient(() -> (name, loader, classfile) -> CHANGED);
        assertEquals(CHANGED, transformer.transform(null, null, "a/Request", null, null, new byte[0]));
        StreamCounters counters = new StreamCounters();
        GuardMBean bean = new GuardMBean(counters, outcomes::list);
        new AgentHost(counters, outcomes).onGlueFailed("a-client", "a.Request", new NoSuchMethodError("a.Request.url()"));
        assertArrayEquals(new String[] {"a.Request: in one class loader its glue failed, and that copy's responses are not guarded: "
            + "java.lang.NoSuchMethodError: a.Request.url(); instrumented"}, (String[]) bean.getAttribute("ClientClasses"));
        assertEquals(1L, bean.getAttribute("FailOpens"));
    }
}
