package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.config.ByteSize;
import dev.streamguard.config.GuardConfig;

/**
 * D20: a glitched model can stream tool arguments without end, and every client accumulates them in
 * memory until it dies. The guard counts them per call and per stream, and the calls per stream, and
 * fails the stream at the first limit crossed, before the bytes that cross it reach the client.
 */
public final class ToolArgumentCap {
    private final long maxCallBytes;
    private final long maxStreamBytes;
    private final int maxCalls;
    private final StreamStats stats;
    private long streamBytes;
    private int calls;

    public ToolArgumentCap(GuardConfig config, StreamStats stats) {
        this.maxCallBytes = config.maxCallArgumentBytes();
        this.maxStreamBytes = config.maxStreamArgumentBytes();
        this.maxCalls = config.maxToolCalls();
        this.stats = stats;
    }

    /** A new call starts. */
    public void countCall(ToolCall call) throws StreamGuardException {
        if (++calls > maxCalls) {
            throw exceeded(call, Cap.TOOL_CALLS, "the stream started more than " + maxCalls + " tool calls ("
                    + Cap.TOOL_CALLS.setting().propertyName() + "); " + call.describe() + " would be call " + calls);
        }
    }

    /** {@code bytes} more arguments arrive for {@code call}; checked before they are added. */
    public void charge(ToolCall call, int bytes) throws StreamGuardException {
        long callTotal = call.arguments().length() + bytes;
        if (callTotal > maxCallBytes) {
            throw exceeded(call, Cap.CALL_ARGUMENTS, call.describe() + " arguments exceeded " + ByteSize.format(maxCallBytes)
                    + " (" + Cap.CALL_ARGUMENTS.setting().propertyName() + ") at " + callTotal + " bytes");
        }
        if (streamBytes + bytes > maxStreamBytes) {
            throw exceeded(call, Cap.STREAM_ARGUMENTS, "tool arguments of the stream exceeded " + ByteSize.format(maxStreamBytes)
                    + " (" + Cap.STREAM_ARGUMENTS.setting().propertyName() + ") at " + call.describe());
        }
        streamBytes += bytes;
    }

    /**
     * The call's arguments now come to {@code length} bytes, of which {@code extra} were never counted (restated
     * whole, or arriving as values): the call's cap applies to the whole, the stream's to the extra.
     */
    public void chargeRestated(ToolCall call, long length, long extra) throws StreamGuardException {
        if (length > maxCallBytes) {
            throw exceeded(call, Cap.CALL_ARGUMENTS, call.describe() + " arguments exceeded " + ByteSize.format(maxCallBytes)
                    + " (" + Cap.CALL_ARGUMENTS.setting().propertyName() + ") at " + length + " bytes");
        }
        if (streamBytes + extra > maxStreamBytes) {
            throw exceeded(call, Cap.STREAM_ARGUMENTS, "tool arguments of the stream exceeded " + ByteSize.format(maxStreamBytes)
                    + " (" + Cap.STREAM_ARGUMENTS.setting().propertyName() + ") at " + call.describe());
        }
        streamBytes += extra;
    }

    /** {@code bytes} more arguments arrive that no call is known for ({@code where}); only the stream's budget applies. */
    public void chargeStream(long bytes, String where) throws StreamGuardException {
        if (streamBytes + bytes > maxStreamBytes) {
            throw exceeded(null, Cap.STREAM_ARGUMENTS, "tool arguments of the stream exceeded " + ByteSize.format(maxStreamBytes)
                    + " (" + Cap.STREAM_ARGUMENTS.setting().propertyName() + ") " + where);
        }
        streamBytes += bytes;
    }

    /** A cap hit, at {@code call} where one is known. */
    private StreamGuardException exceeded(ToolCall call, Cap cap, String detail) {
        stats.capHit(cap);
        stats.count(Deviation.D20);
        if (call != null && call.argumentProblemsAlsoCountedAs() != null) {
            stats.count(call.argumentProblemsAlsoCountedAs());
        }
        return new StreamGuardException(StreamGuardException.Cause.CAP_EXCEEDED, detail);
    }
}
