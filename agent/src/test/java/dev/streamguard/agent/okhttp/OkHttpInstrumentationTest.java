package dev.streamguard.agent.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamguard.agent.install.ClassHook;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The version check of the OkHttp declaration: a call class without the hooked method is refused, naming it. */
class OkHttpInstrumentationTest {
    /** Shaped like a RealCall of a version that gets its response some other way. */
    static final class CallOfAnotherVersion {
        Object execute() {
            return null;
        }
    }

    @Test
    void aCallClassWithoutTheHookedMethodIsRefusedNamingWhatIsMissing() throws IOException {
        ClassLoader loader = getClass().getClassLoader();
        String name = CallOfAnotherVersion.class.getName();
        byte[] classfile;
        try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            classfile = in.readAllBytes();
        }
        ClassHook hook = new OkHttpInstrumentation().hook(loader);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> hook.apply(name, loader, classfile));
        assertEquals("no getResponseWithInterceptorChain() in " + name, refused.getMessage());
    }
}
