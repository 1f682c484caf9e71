package dev.streamguard.agent.urlconnection;

import dev.streamguard.agent.install.ClassHook;
import dev.streamguard.agent.install.ClientInstrumentation;
import dev.streamguard.runtime.StreamGuardRuntime;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JDK's {@code HttpURLConnection}, HTTP and HTTPS (whose connection delegates to the same class): every
 * response body an application reads comes from {@code sun.net.www.protocol.http.HttpURLConnection
 * .getInputStream()}, which {@link UrlConnectionHook} changes. A JDK whose class lacks that method or the
 * fields the hook uses is refused by the hook, and logged.
 */
public final class UrlConnectionInstrumentation implements ClientInstrumentation {
    @Override
    public List<String> targetClasses() {
        return List.of(UrlConnectionHook.CONNECTION.replace('/', '.'));
    }

    @Override
    public ClassHook hook(ClassLoader agentLoader) {
        return new UrlConnectionHook();
    }

    /**
     * Lets the bridges call {@code sun.net.www.http.HttpClient.closeServer()}, a public method of a package
     * java.base does not export: closing the connection's socket is the only way to stop a read blocked on a
     * silent upstream, since the connection's streams take the reading thread's lock to close. Only that
     * package, only to the module of the bridges (the boot class path's); without it the bridge falls back to
     * {@code disconnect()}, which waits for the blocked read as closing the stream does.
     */
    @Override
    public void prepare(Instrumentation instrumentation, ClassLoader agentLoader) {
        Module base = Object.class.getModule();
        if (instrumentation.isModifiableModule(base)) {
            instrumentation.redefineModule(base, Set.of(), Map.of("sun.net.www.http", Set.of(StreamGuardRuntime.class.getModule())),
                    Map.of(), Set.of(), Map.of());
        }
    }
}
