package dev.streamguard.it;

/**
 * A stream with more choices than the guard follows (1024): what comes before is repaired, and the stream
 * fails clearly at that event, rather than going on unguarded.
 */
final class TooManyChoices {
    private static final String FIRST = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"a\"},\"finish_reason\":null}]}\n\n";
    private static final String REPEATED_ROLE = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"b\"},\"finish_reason\":null}]}\n\n";
    private static final String REPAIRED = REPEATED_ROLE.replace("\"role\":\"assistant\",", "");
    private static final String TOO_MANY = tooMany();
    private static final String AFTER = REPEATED_ROLE + "data: [DONE]\n\ndata: [DONE]\n\n";

    static final String BODY = FIRST + REPEATED_ROLE + TOO_MANY + AFTER;
    static final String EXPECTED = FIRST + REPAIRED;
    static final String FAILURE = "streamguard: the stream has more than 1024 choices, the most the guard follows; choice 1024 would be one more";

    private TooManyChoices() {
    }

    private static String tooMany() {
        StringBuilder sb = new StringBuilder("data: {\"choices\":[");
        for (int i = 0; i < 1100; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"index\":").append(i).append(",\"delta\":{\"content\":\"x\"},\"finish_reason\":null}");
        }
        return sb.append("]}\n\n").toString();
    }
}
