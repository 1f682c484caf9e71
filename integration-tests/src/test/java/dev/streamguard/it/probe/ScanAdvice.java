package dev.streamguard.it.probe;

import net.bytebuddy.asm.Advice;

/** Inlined at the entry of {@code OpenAiChunkScanner.scan}: may throw the injected fault. */
public final class ScanAdvice {
    private ScanAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter() {
        ProbeHooks.scan();
    }
}
