package dev.streamguard.responses;

import dev.streamguard.StreamGuardException;
import dev.streamguard.core.Deviation;
import dev.streamguard.core.StreamStats;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;

/**
 * R1: llama.cpp and relays end a Responses stream with {@code response.completed} whose {@code output} is empty
 * although items were streamed, or whose response lacks {@code id}, {@code model}, {@code created_at}.
 * LangChain4j reads the answer from that output only (no tool calls, or it never completes); openai-java's
 * required accessors throw. The terminal event gets the streamed items as its output, and the members the
 * created response had.
 */
final class EmptyOutputRule {
    private static final byte[] OUTPUT = ResponsesJson.ascii("\"output\":");

    private EmptyOutputRule() {
    }

    /**
     * Repairs the terminal event {@code terminal} in hand, whose client saw {@code itemCount} output items; throws
     * when its output is lost and cannot be rebuilt.
     */
    static void apply(String terminal, byte[] buf, ResponsesEvent e, int itemCount, StreamedOutput streamed,
                      CreatedResponse created, JsonEdits edits, StreamStats stats) throws StreamGuardException {
        if (!e.responseValue.is(JsonKind.OBJECT)) {
            return;
        }
        boolean repaired = false;
        if (itemCount > 0 && outputLost(buf, e)) {
            stats.count(Deviation.R1);
            byte[] output = streamed.array(itemCount);
            if (output == null) {
                throw streamed.failure(terminal, itemCount);
            }
            if (e.responseOutput.present()) {
                edits.replace(e.responseOutput.valueStart(), e.responseOutput.valueEnd(), output);
            } else {
                edits.insertLast(e.response, ResponsesJson.concat(OUTPUT, output));
            }
            repaired = true;
        }
        byte[] missing = created.missingFrom(buf, e.response);
        if (missing != null) {
            if (!repaired) {
                stats.count(Deviation.R1);
            }
            edits.insertLast(e.response, missing);
        }
    }

    /** No output, a null one, or an empty array (whitespace inside it allowed). */
    private static boolean outputLost(byte[] buf, ResponsesEvent e) {
        if (!e.responseOutput.present() || e.responseOutput.is(JsonKind.NULL)) {
            return true;
        }
        if (!e.responseOutput.is(JsonKind.ARRAY)) {
            return false;
        }
        for (int i = e.responseOutput.valueStart() + 1; i < e.responseOutput.valueEnd() - 1; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
