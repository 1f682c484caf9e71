package dev.streamguard.agent.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.agent.install.ClassText;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hook on OkHttp's own RealCall (the version the agent is compiled against): every return of the response goes through the bridge. */
class ResponseHookTest {
    private static final String REAL_CALL = "okhttp3/internal/connection/RealCall";
    private static final String RETURN = " 176";
    private static final String THROUGH_THE_BRIDGE = " 25/0 184/dev/streamguard/runtime/OkHttpBridge.response("
            + "Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object; 192/okhttp3/Response" + RETURN;

    @Test
    void everyReturnOfTheResponseGoesThroughTheBridgeAndNothingElseChanges() throws Exception {
        byte[] original = realCall();
        byte[] hooked = new ResponseHook().apply(REAL_CALL.replace('/', '.'), null, original);

        List<String[]> changed = ClassText.changedMethods(original, hooked, Integer.MAX_VALUE);
        assertEquals(1, changed.size(), "only the method that gets the response changes");
        String before = changed.get(0)[0];
        String after = changed.get(0)[1];
        assertTrue(after.startsWith("getResponseWithInterceptorChain$okhttp()Lokhttp3/Response;"), after);
        int returns = occurrences(before, RETURN);
        assertTrue(returns >= 1, before);
        assertEquals(returns, occurrences(after, RETURN), "as many returns as before");
        assertEquals(returns, occurrences(after, THROUGH_THE_BRIDGE), "each return through the bridge: " + after);
        assertEquals(0, occurrences(before, "OkHttpBridge"));
    }

    /**
     * The added call has no handler: in a class loader that keeps the bridge from the boot class path (OSGi without
     * boot delegation, say) every call would throw NoClassDefFoundError, so such a class is refused and runs as it was.
     */
    @Test
    void aClassWhoseLoaderCannotSeeTheBridgeIsRefused() throws Exception {
        byte[] original = realCall();
        ClassLoader isolated = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("dev.streamguard.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new ResponseHook().apply(REAL_CALL.replace('/', '.'), isolated, original));
        assertEquals("the class loader of okhttp3.internal.connection.RealCall does not delegate dev.streamguard.runtime.OkHttpBridge"
                + " to the boot class path, where the added code would find it", refused.getMessage());
        // The application's own loader does see it: the same class is changed.
        byte[] hooked = new ResponseHook().apply(REAL_CALL.replace('/', '.'), getClass().getClassLoader(), original);
        assertEquals(1, ClassText.changedMethods(original, hooked, Integer.MAX_VALUE).size());
    }

    private static byte[] realCall() throws Exception {
        try (InputStream in = ResponseHookTest.class.getClassLoader().getResourceAsStream(REAL_CALL + ".class")) {
            return in.readAllBytes();
        }
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            if (i + part.length() == text.length() || text.charAt(i + part.length()) == ' ') {
                n++;
            }
        }
        return n;
    }
}
