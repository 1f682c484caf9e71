package dev.streamguard.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamguard.agent.jdk.JdkHttpClientInstrumentation;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order of the installation, as an attach into a JVM that already sends requests needs it: the JDK
 * client's internals are opened to the agent before any hook can run, since the first guarded response
 * decides, once for the JVM, whether line streams can be guarded on the pull path.
 */
class InstrumentationsTest {
    @Test
    void theHttpClientInternalsAreOpenedBeforeAnyClassIsHooked() throws ClassNotFoundException {
        Class<?> loadedClient = Class.forName(JdkHttpClientInstrumentation.EXCHANGE_CLASS, false, HttpClient.class.getClassLoader());
        List<String> calls = new ArrayList<>();
        Instrumentation recording = (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    switch (name) {
                        case "getAllLoadedClasses":
                            return new Class<?>[] {String.class, loadedClient};
                        case "isModifiableModule":
                        case "isModifiableClass":
                        case "isRetransformClassesSupported":
                            return true;
                        case "addTransformer":
                        case "redefineModule":
                        case "retransformClasses":
                            calls.add(name);
                            return null;
                        default:
                            return method.getReturnType() == boolean.class ? false : null;
                    }
                });
        Instrumentations.install(recording, new ClientOutcomes());
        // The JDK client's internals, then java.base's HTTP client package for HttpURLConnection, then the hooks.
        assertEquals(List.of("redefineModule", "redefineModule", "addTransformer", "retransformClasses"), calls);
    }
}
