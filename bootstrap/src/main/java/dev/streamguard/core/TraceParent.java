package dev.streamguard.core;

/**
 * The W3C trace context a request carried in its {@code traceparent} header: the trace and the HTTP client span
 * that sent the request (a tracer such as the OpenTelemetry agent writes that span's id as the header's parent
 * id). Only the two ids are kept, and only when the header is well formed, so that nothing else of a header
 * ever reaches a log.
 */
public final class TraceParent {
    private static final int VERSION_00_LENGTH = 55;

    private final String traceId;
    private final String spanId;

    private TraceParent(String traceId, String spanId) {
        this.traceId = traceId;
        this.spanId = spanId;
    }

    /**
     * The ids of a {@code traceparent} value ({@code version-traceid-parentid-flags}, lower-case hex), or null
     * when there is none or it is not valid: a wrong length, an upper-case or non-hex digit, the invalid version
     * {@code ff}, an all-zero id. A later version may append fields after a dash; version 00 may not.
     */
    public static TraceParent parse(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.length() < VERSION_00_LENGTH || h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-') {
            return null;
        }
        String version = h.substring(0, 2);
        String traceId = h.substring(3, 35);
        String spanId = h.substring(36, 52);
        if (!isHex(version) || version.equals("ff") || !isHex(traceId) || !isHex(spanId) || !isHex(h.substring(53, 55))
                || isZero(traceId) || isZero(spanId)) {
            return null;
        }
        boolean longer = h.length() > VERSION_00_LENGTH;
        if (longer && (version.equals("00") || h.charAt(VERSION_00_LENGTH) != '-')) {
            return null;
        }
        return new TraceParent(traceId, spanId);
    }

    public String traceId() {
        return traceId;
    }

    /** The id of the span that sent the request: the HTTP client span. */
    public String spanId() {
        return spanId;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return traceId + "/" + spanId;
    }
}
