package dev.streamguard.it.probe;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The boot-side half of the probe agent: what the advice inlined into the guard core calls. On the boot
 * class path (the core is there too), so it may use nothing but java.base. Configured by system properties
 * of the probed JVM: {@code probe.failScanAt=3,7} throws an IllegalStateException from the 3rd and 7th
 * call of {@code OpenAiChunkScanner.scan} in the JVM; {@code probe.printReports=true} prints each
 * {@code StreamReport} as it is made, as a {@code PROBE-REPORT} line on standard output.
 */
public final class ProbeHooks {
    private static final AtomicInteger SCANS = new AtomicInteger();
    private static final Set<Integer> FAIL_AT = parse(System.getProperty("probe.failScanAt", ""));
    private static final boolean PRINT_REPORTS = Boolean.getBoolean("probe.printReports");

    private ProbeHooks() {
    }

    private static Set<Integer> parse(String list) {
        Set<Integer> out = new HashSet<>();
        for (String s : list.split(",")) {
            if (!s.trim().isEmpty()) {
                out.add(Integer.parseInt(s.trim()));
            }
        }
        return out;
    }

    /** Called on entry of every {@code OpenAiChunkScanner.scan}. */
    public static void scan() {
        int n = SCANS.incrementAndGet();
        if (FAIL_AT.contains(n)) {
            throw new IllegalStateException("probe: fault injected into scan call " + n);
        }
    }

    /** Called when a {@code StreamReport} is made (once per stream). */
    public static void report(Object report) {
        if (PRINT_REPORTS) {
            System.out.println("PROBE-REPORT " + report);
            System.out.flush();
        }
    }
}
