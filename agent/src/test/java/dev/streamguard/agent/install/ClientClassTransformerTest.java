package dev.streamguard.agent.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code status} shows of the client classes: each one that loaded, instrumented or refused with the hook's reason. */
class ClientClassTransformerTest {
    private static final byte[] CHANGED = {1, 2, 3};

    @Test
    void eachTargetClassThatLoadedIsListedWithWhatBecameOfIt() {
        Instrumentation none = (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> null);
        ClientClassTransformer transformer = new ClientClassTransformer(none, Object.class.getModule(), getClass().getClassLoader());
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
        assertArrayEquals(new String[0], transformer.outcomes());
        assertNull(transformer.transform(null, null, "c/Refused", null, null, new byte[0]));
        assertNull(transformer.transform(null, null, "c/Refused", null, null, new byte[0]), "refused again in another loader");
        assertEquals(CHANGED, transformer.transform(null, null, "a/Fitting", null, null, new byte[0]));
        assertNull(transformer.transform(null, null, "d/NotATarget", null, null, new byte[0]));
        assertArrayEquals(new String[] {"a.Fitting: instrumented",
            "c.Refused: not instrumented, its responses are not guarded: java.lang.IllegalStateException: no send() in c.Refused"},
                transformer.outcomes());
        transformer.rejected("a.Fitting", new UnsupportedOperationException("class redefinition failed"));
        assertEquals("a.Fitting: not instrumented, its responses are not guarded: java.lang.UnsupportedOperationException: "
                + "class redefinition failed", transformer.outcomes()[0], "the JVM refused the changed class after an attach");
    }
}
