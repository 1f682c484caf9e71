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
    private final ByteBuilder fragment = new ByteBuilder(0);

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

    /**
     * The call's whole arguments as the upstream restates them at its end (Responses' {@code .done} events), given
     * as the raw content of a JSON string, after {@code counted} bytes were already counted for earlier
     * restatements. What they hold beyond the fragments and those is charged to the caps (D20), and where they
     * differ from the fragments they are checked as JSON themselves (D21). Returns their length.
     */
    public long restated(ToolCall call, long counted, byte[] buf, int contentStart, int contentEnd) throws StreamGuardException {
        ToolArguments args = call.arguments();
        int escapedLength = contentEnd - contentStart;
        long escapedFingerprint = ToolArguments.fingerprintOf(buf, contentStart, escapedLength);
        Restatement last = args.lastRestatement();
        if (last != null && counted >= last.length && last.repeatedBy(escapedLength, escapedFingerprint, args)) {
            // Counted and checked already: it adds nothing to charge, and its verdict was given.
            return last.length;
        }
        fragment.clear();
        JsonStrings.decode(buf, contentStart, contentEnd, fragment);
        int length = fragment.length();
        long extra = length - Math.max(counted, args.length());
        if (extra > 0) {
            cap.chargeRestated(call, length, extra);
        }
        if (length != args.length() || ToolArguments.fingerprintOf(fragment.array(), 0, length) != args.fingerprint()) {
            jsonCheck.restated(call, fragment.array(), length);
        }
        args.restatedAs(new Restatement(escapedLength, escapedFingerprint, length, args));
        return length;
    }

    /**
     * Arguments that arrive as values rather than JSON text (Gemini's streamed {@code partialArgs}): {@code bytes}
     * more, making {@code callTotal} for the call. Charged to the caps (D20); there is no text for the JSON check.
     */
    public void chargeValues(ToolCall call, long callTotal, long bytes) throws StreamGuardException {
        cap.chargeRestated(call, callTotal, bytes);
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
