package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.json.JsonStrings;

/**
 * Where every tool-argument fragment of a stream goes, whatever the protocol: a whole resend is recognised
 * (D10), the caps are charged (D20) and the JSON check runs (D21), in that order.
 */
public final class ToolArgumentFlow {
    private final ToolArgumentCap cap;
    private final ToolArgumentJsonCheck jsonCheck;
    private final StreamStats stats;
    private final ByteBuilder fragment = new ByteBuilder(256);

    public ToolArgumentFlow(GuardConfig config, StreamStats stats) {
        this.cap = new ToolArgumentCap(config, stats);
        this.jsonCheck = new ToolArgumentJsonCheck(config, stats);
        this.stats = stats;
    }

    /** A new call starts (counted against the calls cap). */
    public void startCall(ToolCall call) throws StreamGuardException {
        cap.countCall(call);
    }

    /**
     * A fragment given as the raw content of a JSON string. Returns false, adding nothing, when it is a
     * resend of the whole arguments (D10, counted): the caller then drops it from the event.
     */
    public boolean addEscaped(ToolCall call, byte[] buf, int contentStart, int contentEnd) throws StreamGuardException {
        fragment.clear();
        JsonStrings.decode(buf, contentStart, contentEnd, fragment);
        return add(call, fragment.array(), 0, fragment.length());
    }

    /** A fragment given as JSON text itself (arguments sent as an object, input moved from a block start). */
    public boolean addText(ToolCall call, byte[] buf, int start, int end) throws StreamGuardException {
        return add(call, buf, start, end - start);
    }

    /** Argument bytes no rule attributed to a call ({@code where} says why): only the stream's budget is charged. */
    public void chargeUnattributed(long bytes, String where) throws StreamGuardException {
        cap.chargeStream(bytes, where);
    }

    /** The call is over: unfinished or invalid arguments are D21. */
    public void end(ToolCall call) throws StreamGuardException {
        jsonCheck.atEnd(call);
    }

    private boolean add(ToolCall call, byte[] b, int off, int len) throws StreamGuardException {
        if (len == 0) {
            return true;
        }
        if (ResentArgumentsRule.isResend(call.arguments(), b, off, len)) {
            stats.count(Deviation.D10);
            return false;
        }
        cap.charge(call, len);
        call.arguments().append(b, off, len);
        jsonCheck.afterFragment(call);
        return true;
    }
}
