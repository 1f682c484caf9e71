package dev.streamguard.core;

import static dev.streamguard.sse.LineEndings.LF;

import dev.streamguard.StreamGuardException;
import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.buffer.IntList;
import dev.streamguard.buffer.ByteQueue;
import dev.streamguard.config.ByteSize;
import dev.streamguard.config.Durations;
import dev.streamguard.config.GuardConfig;
import dev.streamguard.config.Mode;
import dev.streamguard.config.Setting;
import dev.streamguard.sse.SseEvent;
import dev.streamguard.sse.SseFramer;
import dev.streamguard.sse.SseListener;
import dev.streamguard.sse.SseListener.Oversized;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The guard of one stream: bytes in, bytes out, a report on the side. Frames events, recognises the
 * protocol (from any event that shows it), applies its rules, and decides per mode what the client gets.
 * After the terminal event the client gets nothing more: the adapter ends the body. Not thread-safe: one
 * stream, one reader. Internal errors never reach the caller: the events from that point go through as they
 * came, while the event cap and the stream's tool-argument budget keep holding.
 */
public final class GuardEngine {
    /** How long an adapter waits for the end of the body after the terminal event before it closes it (D42). */
    public static final long TERMINAL_DRAIN_NANOS = 100_000_000L;

    private final GuardConfig config;
    private final Mode mode;
    private final StreamContext context;
    private final StreamStats stats = new StreamStats();
    private final SseFramer framer;
    private final EventOutput eventOutput = new EventOutput();
    private final EventTemplates templates = new EventTemplates();
    private final ProtocolDetector detector;
    private final NoEventsRule noEvents = new NoEventsRule();
    private final ToolArgumentFlow arguments;
    private final UnaryOperator<StreamProtocol> protocolDecorator;
    private StreamProtocol protocol;
    private boolean passthrough;
    /** After an internal failure: events pass as they came, only the caps that need no rules still hold. */
    private boolean failedOpen;
    /** The terminal event was handled: nothing after it is analysed, and in enforce nothing reaches the client. */
    private boolean ended;
    /** A byte order mark began the body and waits for the first output, which decides whether it goes too. */
    private boolean byteOrderMark;
    /** A byte order mark began the body and, in enforce, nothing went out since: recognising the protocol removes it (D44). */
    private boolean markRemovedAtRecognition;
    /** The last event out is one enforce drops (observe only): the LF that completes its CR keeps the mark waiting. */
    private boolean lineFeedKeepsMark;
    private int unrecognisedDataEvents;
    private long graceClockStart;
    private boolean lastOutputTakesLineFeed = true;
    /** The event a rule holds back ended with a CR at the end of a chunk: the LF that may follow is its own. */
    private boolean heldTakesLineFeed;
    private boolean completingLastLine;
    private final ByteBuilder afterCarriageReturn = new ByteBuilder(0);
    private final IntList lineFeedsAfterCarriageReturn = new IntList();
    private final AtomicBoolean reported = new AtomicBoolean();
    private String internalError;
    private ByteQueue out;
    /** Between handing an event (or the body's end) to the rules and committing what they wrote. */
    private boolean eventInRules;
    /** The chunk {@link #feed} is framing, while it does. */
    private byte[] feeding;
    /** Plain events of {@link #feeding} not yet copied out: {@code runArray[runStart, runEnd)}, or none if null. */
    private byte[] runArray;
    private int runStart;
    private int runEnd;

    public GuardEngine(GuardConfig config, StreamContext context) {
        this(config, context, UnaryOperator.identity());
    }

    /** With each recognised protocol passed through {@code protocolDecorator} (tests inject internal failures so). */
    GuardEngine(GuardConfig config, StreamContext context, UnaryOperator<StreamProtocol> protocolDecorator) {
        this.config = config;
        this.mode = config.mode();
        this.context = context;
        this.protocolDecorator = protocolDecorator;
        this.passthrough = mode == Mode.OFF;
        this.framer = new SseFramer(new Framing(), config.maxEventBytes());
        this.detector = new ProtocolDetector(context.isResponsesRequest(), context.isGeminiRequest());
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

    /** Bytes of an event whose end has not come yet, kept as they came: they go out with a later chunk. */
    public int heldInputBytes() {
        return framer.carriedLength();
    }

    /** Counts bytes the caller copied straight through while {@link #isPassthrough()}. */
    public void passedThrough(int bytes) {
        stats.bytesIn += bytes;
        stats.bytesOut += bytes;
    }

    /**
     * Whether the client has the whole stream: the terminal event went out (enforce only). The adapter ends
     * the body for the client and releases the upstream; what it still reads may be fed (it is dropped).
     */
    public boolean terminalReached() {
        return ended && mode == Mode.ENFORCE;
    }

    /** Whether the terminal event has been seen, in any mode: a client that stops reading now had the whole stream. */
    public boolean terminalSeen() {
        return ended;
    }

    /**
     * Whether the last event out ended with a CR that ended its chunk, so that the LF of a CRLF may still come
     * and go after it (a push adapter completes the client after the terminal event only once it has).
     */
    public boolean awaitingLineFeed() {
        return framer.awaitingLineFeed();
    }

    /**
     * The adapter now waits for the upstream: after a stop reason, with only keep-alives since, the terminal
     * grace starts counting from here, unless it already counts (D43). A client busy elsewhere costs no grace.
     */
    public void waitingForUpstream() {
        if (graceClockStart == 0 && config.terminalGraceNanos() > 0 && mode == Mode.ENFORCE && !ended && !failedOpen
                && !passthrough && protocol != null && protocol.awaitingTerminal()) {
            graceClockStart = System.nanoTime() | 1;
        }
    }

    /**
     * When the adapter must stop waiting for the upstream and call {@link #terminalGraceExpired} (a
     * {@link System#nanoTime()} value): {@code stream.terminal-grace} after the first wait for the upstream that
     * followed the stop reason or the last event other than a keep-alive (D43); 0 when there is no such deadline.
     */
    public long terminalGraceDeadline() {
        return graceClockStart == 0 || ended ? 0 : graceClockStart + config.terminalGraceNanos();
    }

    /**
     * The terminal grace ran out: appends to {@code sink} what the guard writes to end the stream (D43), or
     * throws if what it held back cannot end well (enforce).
     */
    public void terminalGraceExpired(ByteQueue sink) throws StreamGuardException {
        out = sink;
        completeLastLine(false);
        try {
            eventOutput.begin(null);
            eventInRules = true;
            protocol.terminalGraceExpired(eventOutput);
            commit(null);
            eventInRules = false;
        } catch (StreamGuardException e) {
            eventInRules = false;
            refuse(e, null);
        } catch (Throwable t) {
            rethrowIfFatal(t);
            recordInternalError(t);
            emitWhatTheRulesLetGo();
            emitHeld();
        } finally {
            ended = true;
        }
    }

    /** After the terminal event, the upstream did not end its body within {@link #TERMINAL_DRAIN_NANOS} (D42). */
    public void heldOpenAfterTerminal() {
        stats.count(protocol != null ? protocol.heldOpenDeviation() : Deviation.D42);
    }

    /** Takes the next bytes of the body; appends to {@code sink} everything the client may now have. */
    public void feed(byte[] b, int off, int len, ByteQueue sink) throws StreamGuardException {
        stats.bytesIn += len;
        out = sink;
        if (passthrough) {
            emit(sink, b, off, len);
            return;
        }
        if (protocol == null) {
            noEvents.saw(b, off, len);
        }
        feeding = b;
        try {
            frame(b, off, off + len);
        } finally {
            feeding = null;
            flushRun();
        }
    }

    private void frame(byte[] b, int from, int end) throws StreamGuardException {
        try {
            int stopped = framer.feed(b, from, end - from);
            if (stopped < end || passthrough) {
                SseEvent partial = framer.currentEvent();
                emit(out, partial.rawArray(), 0, partial.rawLength());
                emitCarried();
                emit(out, b, stopped, end - stopped);
                passthrough = true;
            }
        } catch (StreamGuardException e) {
            throw e;
        } catch (Throwable t) {
            rethrowIfFatal(t);
            int resume = framer.taken();
            boolean again = failedOpen;
            failOpen(t);
            if (again) {
                // The framing itself fails: the rest passes as it comes.
                passthrough = true;
                emitCarried();
                emit(out, b, resume, end - resume);
            } else {
                frame(b, resume, end);
            }
        }
    }

    /** The start of an event the framer kept as it came goes out as it is: the guard no longer frames. */
    private void emitCarried() {
        emit(out, framer.carriedArray(), 0, framer.carriedLength());
        framer.discardCarried();
    }

    /** The body ended normally. Appends what completes the stream, or throws if the stream must fail. */
    public void finish(ByteQueue sink) throws StreamGuardException {
        if (reported.get()) {
            return;
        }
        out = sink;
        completeLastLine(false);
        if (!passthrough) {
            SseEvent tail = null;
            boolean tailOut = false;
            try {
                tail = framer.finish();
                if (ended || failedOpen) {
                    keepTail(tail);
                } else if (protocol != null || (tail != null && tail.hasData() && recognise(tail))) {
                    end(tail);
                } else {
                    if (tail != null) {
                        emit(sink, tail.rawArray(), 0, tail.rawLength());
                        tailOut = true;
                    }
                    if (unrecognisedDataEvents == 0 && (tail == null || !tail.hasData()) && context.isLlmStreamingRequest()) {
                        // An LLM request got no events at all: a proxy's error page or error body (D32). A stream
                        // of events the guard does not follow (another protocol) is not this.
                        stats.count(Deviation.D32);
                        refuse(noEvents.failure(stats.bytesIn), null);
                    }
                }
            } catch (StreamGuardException e) {
                throw e;
            } catch (Throwable t) {
                rethrowIfFatal(t);
                recordInternalError(t);
                boolean tailWentOut = emitWhatTheRulesLetGo() || tailOut;
                emitHeld();
                if (!tailWentOut) {
                    // The unfinished last event the rules failed on goes out as it came, as any event after a fault.
                    keepTail(tail);
                }
            }
        }
        flushByteOrderMark(sink, false);
        report(Outcome.COMPLETED);
    }

    /** The unterminated tail after the terminal event (dropped in enforce) or after a failure of the guard. */
    private void keepTail(SseEvent tail) {
        if (tail == null) {
            return;
        }
        if (ended && tail.hasData()) {
            stats.count(Deviation.D13);
        }
        emit(out, tail.rawArray(), 0, tail.rawLength());
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
        eventInRules = true;
        try {
            protocol.onEnd(tail, eventOutput);
        } catch (StreamGuardException e) {
            eventInRules = false;
            refuse(e, tail);
            return;
        }
        if (tail != null) {
            stats.eventsIn++;
            if (tail.hasData() && eventOutput.endOpenEvent()) {
                stats.count(Deviation.D28);
            }
        }
        commit(tail);
        eventInRules = false;
    }

    private void onEvent(SseEvent event) throws StreamGuardException {
        stats.eventsIn++;
        if (ended) {
            if (event.hasData()) {
                // Dropped (in observe: would be): the stream was changed.
                stats.count(Deviation.D13);
                stats.eventsRewritten++;
            }
            if (mode == Mode.ENFORCE) {
                // Dropped, and with it the LF that may still come for its last CR.
                lastOutputTakesLineFeed = false;
            } else {
                keepRaw(event);
            }
            return;
        }
        if (failedOpen) {
            try {
                chargeUnfollowedArguments(event, "after the guard failed open");
            } catch (StreamGuardException e) {
                refuse(e, event);
                return;
            }
            keepRaw(event);
            return;
        }
        if (passthrough) {
            keepRaw(event);
            return;
        }
        if (protocol == null && EmptyEventRule.isEmpty(event) && context.isLlmStreamingRequest()) {
            // An LLM stream whose protocol is not shown yet: an event with nothing in it is D29 all the same.
            stats.count(Deviation.D29);
            stats.eventsRewritten++;
            if (mode == Mode.ENFORCE) {
                lastOutputTakesLineFeed = false;
            } else {
                boolean markWaits = markRemovedAtRecognition;
                keepRaw(event);
                // Enforce drops this event: a byte order mark before it still waits there, as it is reported,
                // and so it does after the LF that may still come for the event's last CR.
                markRemovedAtRecognition = markWaits;
                lineFeedKeepsMark = true;
            }
            return;
        }
        if (protocol == null && (!event.hasData() || !recognise(event))) {
            keepRaw(event);
            return;
        }
        if (event.hasUnusualFraming() && countsUnusualFraming()) {
            stats.count(Deviation.D22);
        }
        eventOutput.begin(event);
        eventInRules = true;
        try {
            protocol.onEvent(event, eventOutput);
            if (protocol.lastEventForeign()) {
                chargeUnfollowedArguments(event, "in events the guard does not follow");
            }
        } catch (StreamGuardException e) {
            eventInRules = false;
            refuse(e, event);
            return;
        }
        boolean terminal = protocol.terminated();
        boolean restartsGrace = !protocol.lastEventWasKeepAlive();
        StreamGuardException after = protocol.failureAfterEvent();
        commit(event);
        eventInRules = false;
        if (after != null) {
            if (mode == Mode.ENFORCE && lastOutputTakesLineFeed && event.rawArray()[event.rawLength() - 1] == '\r') {
                // The client gets the event whole before the failure: an LF completes its last CR now, whether the
                // upstream's comes in this read, a later one, or never (a connection held open), so that every
                // chunking gives the same bytes.
                emit(out, LF, 0, 1);
            }
            refuse(after, null);
            return;
        }
        ended = terminal;
        if (restartsGrace) {
            graceClockStart = 0;
        }
    }

    /**
     * Recognises the protocol from an event with data; an event that shows none leaves the question open for
     * the next one (D44: a gateway's status event may come first).
     */
    private boolean recognise(SseEvent event) {
        return install(detector.detect(event, unrecognisedDataEvents == 0));
    }

    private boolean install(Protocol detected) {
        if (detected == Protocol.UNKNOWN) {
            unrecognisedDataEvents++;
            return false;
        }
        return installIfShown(detected);
    }

    /** Installs the protocol an event showed; an event that showed none (a large comment, say) counts for nothing. */
    private boolean installIfShown(Protocol detected) {
        if (detected == Protocol.UNKNOWN) {
            return false;
        }
        if (unrecognisedDataEvents > 0 || markRemovedAtRecognition) {
            // Events that showed no protocol came first, or a byte order mark that (nothing having gone out
            // yet) enforce will not pass on.
            stats.count(Deviation.D44);
        }
        stats.protocol = detected;
        protocol = protocolDecorator.apply(StreamProtocols.create(detected, config, context, stats, arguments, templates));
        return true;
    }

    private boolean countsUnusualFraming() {
        return !protocol.framesWithOtherLineEnds();
    }

    /**
     * Tool arguments no rule follows (an event of another protocol, or any event after a failure of the guard)
     * still count against the stream's budget, from a plain count of what the event carries under an argument key.
     */
    private void chargeUnfollowedArguments(SseEvent event, String where) throws StreamGuardException {
        if (!event.hasData()) {
            return;
        }
        long bytes = UnguardedArguments.count(event.dataArray(), event.dataStart(), event.dataEnd());
        if (bytes > 0) {
            arguments.chargeUnattributed(bytes, where);
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
        if (eventOutput.rewritten()) {
            stats.eventsRewritten++;
        }
        if (mode == Mode.OBSERVE || !eventOutput.changed()) {
            if (event != null) {
                keepRaw(event);
            }
            return;
        }
        heldTakesLineFeed = eventOutput.heldThisEvent() && framer.awaitingLineFeed();
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

    /**
     * The byte after the last event's final CR came ({@code lineFeed}: it was the LF of a CRLF), or none will:
     * what waited for it goes out, even when that event was the terminal one.
     */
    private void completeLastLine(boolean lineFeed) {
        completingLastLine = true;
        try {
            if (heldTakesLineFeed) {
                heldTakesLineFeed = false;
                if (lineFeed) {
                    eventOutput.lineFeedForHeld();
                }
            } else if (lineFeed && lastOutputTakesLineFeed) {
                boolean markWaits = markRemovedAtRecognition;
                emit(out, LF, 0, 1);
                if (lineFeedKeepsMark) {
                    markRemovedAtRecognition = markWaits;
                }
            }
            emitAfterCarriageReturn(lineFeed);
        } finally {
            completingLastLine = false;
        }
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
        lineFeedKeepsMark = false;
        emit(out, event.rawArray(), 0, event.rawLength());
        stats.eventsOut++;
        lastOutputTakesLineFeed = true;
    }

    private void emit(ByteQueue sink, byte[] b, int off, int len) {
        flushRun();
        if (ended && mode == Mode.ENFORCE && !completingLastLine) {
            return;
        }
        if (len == 0) {
            // A rule held the whole event: a byte order mark waits for the first bytes that go out.
            return;
        }
        flushByteOrderMark(sink, startsWithByteOrderMark(b, off, len));
        markRemovedAtRecognition = false;
        sink.append(b, off, len);
        stats.bytesOut += len;
    }

    /**
     * A plain event of the chunk being fed joins the run of the plain events before it in that chunk, which goes
     * out in one piece when anything else goes out or the chunk is done: copying each small event on its own cost
     * about as much as matching it. The piece is a copy, or no copy at all where the chunk's owner shares it
     * ({@link ByteQueue#appendUnchanged}).
     */
    private void emitPlain(byte[] b, int pos, int n) {
        if (runArray == b && runEnd == pos) {
            runEnd += n;
            stats.bytesOut += n;
            return;
        }
        // Only the caller's chunk stays as it is until the feed returns; the framer's own arrays do not.
        if (b != feeding || byteOrderMark) {
            emit(out, b, pos, n);
            return;
        }
        flushRun();
        markRemovedAtRecognition = false;
        runArray = b;
        runStart = pos;
        runEnd = pos + n;
        stats.bytesOut += n;
    }

    private void flushRun() {
        if (runArray != null) {
            byte[] run = runArray;
            runArray = null;
            out.appendUnchanged(run, runStart, runEnd - runStart);
        }
    }

    private static boolean startsWithByteOrderMark(byte[] b, int off, int len) {
        return len >= 3 && b[off] == SseFramer.BYTE_ORDER_MARK[0] && b[off + 1] == SseFramer.BYTE_ORDER_MARK[1]
                && b[off + 2] == SseFramer.BYTE_ORDER_MARK[2];
    }

    /**
     * A byte order mark that began the body goes out before the first output when the guard passes the
     * stream as it came (observe mode, or no protocol recognised in the first event); otherwise it is dropped.
     */
    private void flushByteOrderMark(ByteQueue sink, boolean anotherFollows) {
        if (!byteOrderMark) {
            return;
        }
        byteOrderMark = false;
        // A second mark would become the body's first and be ignored in turn, making its line count: keep both.
        if (mode == Mode.OBSERVE || protocol == null || anotherFollows) {
            sink.append(SseFramer.BYTE_ORDER_MARK, 0, SseFramer.BYTE_ORDER_MARK.length);
            stats.bytesOut += SseFramer.BYTE_ORDER_MARK.length;
        }
    }

    private StreamGuardException eventTooLarge(long limit) {
        return new StreamGuardException(StreamGuardException.Cause.CAP_EXCEEDED, "an event exceeded "
                + ByteSize.format(limit) + " (" + Cap.EVENT.setting().propertyName() + ") after "
                + stats.eventsIn + " events; the upstream is sending an event without end");
    }

    /** Goes on without the rules: the event in hand, whole or not, goes out as it came (charged if whole). */
    private void failOpen(Throwable t) throws StreamGuardException {
        recordInternalError(t);
        failedOpen = true;
        boolean currentWentOut = emitWhatTheRulesLetGo();
        emitHeld();
        SseEvent current = framer.currentEvent();
        try {
            if (current.isTerminated()) {
                chargeUnfollowedArguments(current, "after the guard failed open");
            }
        } catch (StreamGuardException e) {
            try {
                refuse(e, current);
            } finally {
                framer.discardEvent();
            }
            return;
        }
        if (!currentWentOut) {
            emit(out, current.rawArray(), 0, current.rawLength());
        }
        // The event went out last, as it came or as the rules wrote it: the LF of its last CR may still come.
        lastOutputTakesLineFeed = true;
        framer.discardEvent();
    }

    /**
     * After a fault while the rules had an event in hand (enforce mode): what they had released in the meantime
     * goes out, as it was written. Returns whether the event itself is in what they held or released, which then
     * stands for it.
     */
    private boolean emitWhatTheRulesLetGo() {
        if (!eventInRules) {
            return false;
        }
        eventInRules = false;
        if (mode != Mode.ENFORCE) {
            return false;
        }
        emit(out, eventOutput.bytes().array(), 0, eventOutput.writtenBeforeEvent());
        return eventOutput.eventHeldOrReleased();
    }

    /** What a rule held back goes out as it was written, before anything the guard no longer follows. */
    private void emitHeld() {
        if (eventOutput.heldBytes() == 0) {
            return;
        }
        ByteBuilder held = new ByteBuilder(eventOutput.heldBytes());
        eventOutput.abandonHold(held);
        if (mode == Mode.ENFORCE) {
            emit(out, held.array(), 0, held.length());
            // The LF of the held event's last CR may still come: it goes right after it.
            lastOutputTakesLineFeed |= heldTakesLineFeed;
        }
        heldTakesLineFeed = false;
    }

    private void recordInternalError(Throwable t) {
        if (internalError == null) {
            StackTraceElement[] trace = t.getStackTrace();
            internalError = t.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : "");
        }
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
     * argument fragment in it is followed, and a sequence number checked. A fragment that could be a resend (the arguments are already
     * complete) is left to the full path, which can drop it.
     */
    private int plainEvent(byte[] b, int pos, int end) throws StreamGuardException {
        if (protocol == null || passthrough || failedOpen || ended) {
            return 0;
        }
        int n = templates.match(b, pos, end);
        if (n == EventTemplate.PARTIAL) {
            return SseListener.CARRY;
        }
        if (n == 0 || n > config.maxEventBytes()) {
            return 0;
        }
        ToolCall call = templates.matchedCall();
        if (call != null && call.arguments().isComplete()) {
            return 0;
        }
        if (!templates.takeMatchedCount(b)) {
            // A number the rules would renumber (R5): the full path does.
            return 0;
        }
        stats.eventsIn++;
        stats.plainEvents++;
        eventOutput.sawLineEnding(templates.matchedLineEnding());
        boolean framingCounted = templates.matchedUnusualFraming() && countsUnusualFraming();
        if (framingCounted) {
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
        int length = n;
        if (call == null && !framingCounted && b == feeding) {
            // The events of the same shape right after it, each as it would be taken here on its own, in one loop:
            // they add nothing but their bytes and their counts. Not after an event the framer carried: those after
            // it are taken from the chunk, which passes them on as they lie, not from the framer's copy.
            length = templates.matchedRunEnd(b, pos + n, end, config.maxEventBytes()) - pos;
            int more = templates.runEvents();
            stats.eventsIn += more;
            stats.plainEvents += more;
            stats.eventsOut += more;
        }
        emitPlain(b, pos, length);
        stats.eventsOut++;
        lastOutputTakesLineFeed = true;
        return length;
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
        public void onByteOrderMark() {
            byteOrderMark = true;
            markRemovedAtRecognition = true;
        }

        @Override
        public void afterFinalCarriageReturn(boolean lineFeed) {
            completeLastLine(lineFeed);
        }

        @Override
        public Oversized onOversizedEvent(SseEvent partial, long limit) throws StreamGuardException {
            if (passthrough || ended || !(protocol != null || failedOpen || installIfShown(detector.detectPartial(partial)))) {
                // An event of another kind of stream (or after the end): it passes as it comes, and framing goes on
                // after it, so that what follows is still guarded.
                boolean dropped = ended && mode == Mode.ENFORCE;
                if (protocol == null && partial.partialDataStart() >= 0) {
                    unrecognisedDataEvents++;
                }
                stats.eventsIn++;
                if (!dropped) {
                    stats.eventsOut++;
                }
                emit(out, partial.rawArray(), 0, partial.rawLength());
                // After the terminal event it is dropped in enforce, and the LF of its last CR with it.
                lastOutputTakesLineFeed = !dropped;
                return Oversized.PASS;
            }
            stats.capHit(Cap.EVENT);
            stats.count(Deviation.D20);
            StreamGuardException e = eventTooLarge(limit);
            if (mode == Mode.ENFORCE) {
                stats.failed(e, true);
                report(Outcome.FAILED);
                throw e;
            }
            stats.failed(e, false);
            return Oversized.STOP;
        }

        @Override
        public void onPassedBytes(byte[] b, int off, int len) {
            emit(out, b, off, len);
        }
    }
}
