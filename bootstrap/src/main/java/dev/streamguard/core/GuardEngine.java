package dev.streamguard.core;

import dev.streamguard.StreamGuardException;
import dev.streamguard.anthropic.AnthropicMessagesProtocol;
import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.buffer.IntList;
import dev.streamguard.buffer.ByteQueue;
import dev.streamguard.config.ByteSize;
import dev.streamguard.config.Durations;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.config.Mode;
import dev.streamguard.config.Setting;
import dev.streamguard.json.JsonTextValidator;
import dev.streamguard.openai.OpenAiChatProtocol;
import dev.streamguard.sse.SseEvent;
import dev.streamguard.sse.SseFramer;
import dev.streamguard.sse.SseListener;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The guard of one stream: bytes in, bytes out, a report on the side. Frames events, recognises the
 * protocol, applies its rules, and decides per mode what the client gets. Not thread-safe: one stream,
 * one reader. Internal errors never reach the caller: the stream continues unguarded from that point.
 */
public final class GuardEngine {
    private static final byte[] LF = {'\n'};

    private final GuardConfig config;
    private final Mode mode;
    private final StreamContext context;
    private final StreamStats stats = new StreamStats();
    private final SseFramer framer;
    private final EventOutput eventOutput = new EventOutput();
    private final EventTemplates templates = new EventTemplates();
    private final ToolArgumentFlow arguments;
    private StreamProtocol protocol;
    private boolean passthrough;
    private boolean lastOutputTakesLineFeed = true;
    private final ByteBuilder afterCarriageReturn = new ByteBuilder(256);
    private final IntList lineFeedsAfterCarriageReturn = new IntList();
    private final AtomicBoolean reported = new AtomicBoolean();
    private String internalError;
    private ByteQueue out;

    public GuardEngine(GuardConfig config, StreamContext context) {
        this.config = config;
        this.mode = config.mode();
        this.context = context;
        this.passthrough = mode == Mode.OFF;
        this.framer = new SseFramer(new Framing(), config.maxEventBytes());
        this.arguments = new ToolArgumentFlow(config, stats);
    }

    /** True once nothing more will be analysed: the caller may copy bytes straight through (and say so). */
    public boolean isPassthrough() {
        return passthrough;
    }

    /** The idle timeout adapters must enforce for this stream, in nanoseconds; 0 when none (or not enforcing). */
    public long idleTimeoutNanos() {
        return mode == Mode.ENFORCE ? config.idleTimeoutNanos() : 0;
    }

    /**
     * The upstream stayed silent for the idle timeout while the client waited, and the adapter stopped it:
     * the stream fails with a message saying so.
     */
    public StreamGuardException idleTimedOut() {
        StreamGuardException e = new StreamGuardException(StreamGuardException.Cause.IDLE_TIMEOUT, "no data from the upstream for "
                + Durations.format(config.idleTimeoutNanos()) + " (" + Setting.STREAM_IDLE_TIMEOUT.propertyName() + ") after "
                + stats.eventsIn + " events (" + stats.bytesIn + " bytes); the stream was stopped");
        stats.failed(e, true);
        report(Outcome.FAILED);
        return e;
    }

    /** Counts bytes the caller copied straight through while {@link #isPassthrough()}. */
    public void passedThrough(int bytes) {
        stats.bytesIn += bytes;
        stats.bytesOut += bytes;
    }

    /** Takes the next bytes of the body; appends to {@code sink} everything the client may now have. */
    public void feed(byte[] b, int off, int len, ByteQueue sink) throws StreamGuardException {
        stats.bytesIn += len;
        if (passthrough) {
            emit(sink, b, off, len);
            return;
        }
        out = sink;
        int end = off + len;
        try {
            int stopped = framer.feed(b, off, len);
            if (stopped < end || passthrough) {
                SseEvent partial = framer.currentEvent();
                emit(sink, partial.rawArray(), 0, partial.rawLength());
                emit(sink, b, stopped, end - stopped);
                passthrough = true;
            }
        } catch (StreamGuardException e) {
            throw e;
        } catch (Throwable t) {
            rethrowIfFatal(t);
            failOpen(t);
            emit(sink, b, framer.taken(), end - framer.taken());
        }
    }

    /** The body ended normally. Appends what completes the stream, or throws if the stream must fail. */
    public void finish(ByteQueue sink) throws StreamGuardException {
        if (reported.get()) {
            return;
        }
        out = sink;
        emitAfterCarriageReturn(false);
        if (!passthrough) {
            SseEvent tail = framer.finish();
            try {
                if (protocol != null || (tail != null && tail.hasData() && recognise(tail))) {
                    end(tail);
                } else if (tail != null) {
                    emit(sink, tail.rawArray(), 0, tail.rawLength());
                }
            } catch (StreamGuardException e) {
                throw e;
            } catch (Throwable t) {
                rethrowIfFatal(t);
                failOpen(t);
            }
        }
        report(Outcome.COMPLETED);
    }

    /** Reading the upstream failed; the caller passes the error on as it is. */
    public void upstreamFailed(Throwable error) {
        report(Outcome.UPSTREAM_IO_ERROR);
    }

    /** The client closed the stream (or cancelled the subscription) before its end. */
    public void cancelled() {
        report(Outcome.CANCELLED);
    }

    private void end(SseEvent tail) throws StreamGuardException {
        eventOutput.begin(tail);
        try {
            protocol.onEnd(tail, eventOutput);
        } catch (StreamGuardException e) {
            refuse(e, tail);
            return;
        }
        if (tail != null) {
            stats.eventsIn++;
        }
        commit(tail);
    }

    private void onEvent(SseEvent event) throws StreamGuardException {
        stats.eventsIn++;
        if (passthrough) {
            keepRaw(event);
            return;
        }
        if (protocol == null && (!event.hasData() || !recognise(event))) {
            keepRaw(event);
            return;
        }
        if (event.hasUnusualFraming()) {
            stats.count(Deviation.D22);
        }
        eventOutput.begin(event);
        try {
            protocol.onEvent(event, eventOutput);
        } catch (StreamGuardException e) {
            refuse(e, event);
            return;
        }
        commit(event);
    }

    /** Recognises the protocol from the first event with data; an unknown one turns the guard into a pipe. */
    private boolean recognise(SseEvent event) {
        Protocol detected = ProtocolDetector.detect(event);
        stats.protocol = detected;
        switch (detected) {
            case OPENAI_CHAT:
                protocol = new OpenAiChatProtocol(stats, arguments, templates);
                return true;
            case ANTHROPIC_MESSAGES:
                protocol = new AnthropicMessagesProtocol(stats, context, arguments, templates);
                return true;
            default:
                passthrough = true;
                return false;
        }
    }

    /** A rule failed the stream: enforce raises it; observe reports it and lets everything through. */
    private void refuse(StreamGuardException e, SseEvent event) throws StreamGuardException {
        if (mode == Mode.ENFORCE) {
            stats.failed(e, true);
            report(Outcome.FAILED);
            throw e;
        }
        stats.failed(e, false);
        if (event != null) {
            keepRaw(event);
        }
        passthrough = true;
    }

    private void commit(SseEvent event) {
        if (eventOutput.changed()) {
            stats.eventsRewritten++;
        }
        if (mode == Mode.OBSERVE || !eventOutput.changed()) {
            if (event != null) {
                keepRaw(event);
            }
            return;
        }
        ByteBuilder bytes = eventOutput.bytes();
        stats.eventsOut += eventOutput.events();
        int first = eventOutput.ownEndCount() > 0 ? eventOutput.ownEnd(0) : -1;
        if (framer.awaitingLineFeed() && first > 0 && first < bytes.length()) {
            // The event ended with a CR at the end of a chunk, and more follows its first copy (events the
            // guard added, or a second copy of it). That waits for the next byte: an LF completing the CRLF
            // goes after every copy of the event's blank line, so that every chunking gives the same bytes.
            emit(out, bytes.array(), 0, first);
            afterCarriageReturn.append(bytes.array(), first, bytes.length() - first);
            lineFeedsAfterCarriageReturn.clear();
            for (int i = 1; i < eventOutput.ownEndCount(); i++) {
                lineFeedsAfterCarriageReturn.add(eventOutput.ownEnd(i) - first);
            }
            lastOutputTakesLineFeed = true;
            return;
        }
        emit(out, bytes.array(), 0, bytes.length());
        lastOutputTakesLineFeed = eventOutput.endsWithOwnTerminator();
    }

    /** Delivers what waited for the byte after an event's final CR, with the LF after each copy of the event if it came. */
    private void emitAfterCarriageReturn(boolean lineFeed) {
        if (afterCarriageReturn.length() == 0) {
            return;
        }
        int from = 0;
        for (int i = 0; i < lineFeedsAfterCarriageReturn.size(); i++) {
            int at = lineFeedsAfterCarriageReturn.get(i);
            emit(out, afterCarriageReturn.array(), from, at - from);
            if (lineFeed) {
                emit(out, LF, 0, 1);
            }
            from = at;
        }
        emit(out, afterCarriageReturn.array(), from, afterCarriageReturn.length() - from);
        afterCarriageReturn.clear();
        lineFeedsAfterCarriageReturn.clear();
        lastOutputTakesLineFeed = false;
    }

    private void keepRaw(SseEvent event) {
        emit(out, event.rawArray(), 0, event.rawLength());
        stats.eventsOut++;
        lastOutputTakesLineFeed = true;
    }

    private void emit(ByteQueue sink, byte[] b, int off, int len) {
        sink.append(b, off, len);
        stats.bytesOut += len;
    }

    private StreamGuardException eventTooLarge(long limit) {
        return new StreamGuardException(StreamGuardException.Cause.CAP_EXCEEDED, "an event exceeded "
                + ByteSize.format(limit) + " (" + Cap.EVENT.setting().propertyName() + ") after "
                + stats.eventsIn + " events; the upstream is sending an event without end");
    }

    private void failOpen(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        internalError = t.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : "");
        SseEvent current = framer.currentEvent();
        emit(out, current.rawArray(), 0, current.rawLength());
        passthrough = true;
    }

    private static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
        }
    }

    private void report(Outcome outcome) {
        if (!reported.compareAndSet(false, true)) {
            return;
        }
        Outcome effective = outcome == Outcome.COMPLETED && stats.hasFailed() ? Outcome.FAILED : outcome;
        try {
            context.listener().onStreamReport(stats.toReport(context, mode, effective, internalError));
        } catch (RuntimeException | LinkageError e) {
            // A broken listener must not break the stream it reports on.
        }
    }

    /**
     * A learned shape at an event boundary: the event needs no framing, no scan and no rewrite; only a tool
     * argument fragment in it is followed. A fragment that could be a resend (the arguments are already
     * complete) is left to the full path, which can drop it.
     */
    private int plainEvent(byte[] b, int pos, int end) throws StreamGuardException {
        if (protocol == null || passthrough) {
            return 0;
        }
        int n = templates.match(b, pos, end);
        if (n == 0 || n > config.maxEventBytes()) {
            return 0;
        }
        ToolCall call = templates.matchedCall();
        if (call != null && call.arguments().verdict() == JsonTextValidator.Verdict.COMPLETE) {
            return 0;
        }
        stats.eventsIn++;
        stats.plainEvents++;
        if (templates.matchedUnusualFraming()) {
            stats.count(Deviation.D22);
        }
        if (call != null) {
            try {
                arguments.addEscaped(call, b, templates.matchedArgumentsStart(), templates.matchedArgumentsEnd());
            } catch (StreamGuardException e) {
                refuse(e, null);
                emit(out, b, pos, n);
                stats.eventsOut++;
                return n;
            }
        }
        emit(out, b, pos, n);
        stats.eventsOut++;
        lastOutputTakesLineFeed = true;
        return n;
    }

    private final class Framing implements SseListener {
        @Override
        public int atEventStart(byte[] b, int pos, int end) throws StreamGuardException {
            return plainEvent(b, pos, end);
        }

        @Override
        public void onEvent(SseEvent event) throws StreamGuardException {
            GuardEngine.this.onEvent(event);
        }

        @Override
        public void afterFinalCarriageReturn(boolean lineFeed) {
            if (lineFeed && lastOutputTakesLineFeed) {
                emit(out, LF, 0, 1);
            }
            emitAfterCarriageReturn(lineFeed);
        }

        @Override
        public boolean onOversizedEvent(SseEvent partial, long limit) throws StreamGuardException {
            if (protocol != null && !passthrough) {
                stats.capHit(Cap.EVENT);
                stats.count(Deviation.D20);
                StreamGuardException e = eventTooLarge(limit);
                if (mode == Mode.ENFORCE) {
                    stats.failed(e, true);
                    report(Outcome.FAILED);
                    throw e;
                }
                stats.failed(e, false);
            }
            return true;
        }
    }
}
