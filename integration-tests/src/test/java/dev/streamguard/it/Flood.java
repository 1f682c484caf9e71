package dev.streamguard.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A glitched model's endless tool arguments (D20): one call whose arguments grow by 64 KiB per event, 5 MiB
 * in all, past the default 4 MiB cap per call.
 */
final class Flood {
    static final int FRAGMENT = 64 * 1024;
    static final int FRAGMENTS = 80;
    static final String START = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,"
            + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"flood\",\"arguments\":\"{\\\"data\\\":\\\"\"}}]},"
            + "\"finish_reason\":null}]}\n\n";
    /** The first argument bytes ({"data":") then 64 KiB per fragment: the 64th fragment crosses 4 MiB. */
    static final int FAILING_FRAGMENT = 64;
    static final String FAILURE = "streamguard: tool call 0 (flood) arguments exceeded 4MiB (streamguard.tool-args.max-bytes) at "
            + (9 + FAILING_FRAGMENT * FRAGMENT) + " bytes";

    private Flood() {
    }

    static String fragmentEvent() {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\""
                + "A".repeat(FRAGMENT) + "\"}}]},\"finish_reason\":null}]}\n\n";
    }

    static byte[] body() {
        return prefix(FRAGMENTS);
    }

    /** What a client reads before the failure: the start and the fragments before the crossing one. */
    static byte[] beforeFailure() {
        return prefix(FAILING_FRAGMENT - 1);
    }

    private static byte[] prefix(int fragments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] fragment = fragmentEvent().getBytes(StandardCharsets.UTF_8);
        out.writeBytes(START.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < fragments; i++) {
            out.writeBytes(fragment);
        }
        return out.toByteArray();
    }
}
