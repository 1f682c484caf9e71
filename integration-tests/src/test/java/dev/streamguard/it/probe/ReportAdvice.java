package dev.streamguard.it.probe;

import net.bytebuddy.asm.Advice;

/** Inlined at the end of the {@code StreamReport} constructor: hands the finished report to the probe. */
public final class ReportAdvice {
    private ReportAdvice() {
    }

    @Advice.OnMethodExit
    static void exit(@Advice.This Object report) {
        ProbeHooks.report(report);
    }
}
