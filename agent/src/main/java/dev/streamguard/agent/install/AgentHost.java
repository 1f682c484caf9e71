package dev.streamguard.agent.install;

import dev.streamguard.agent.observe.AgentLog;
import dev.streamguard.agent.observe.AnomalyLog;
import dev.streamguard.agent.observe.LogHandOff;
import dev.streamguard.agent.observe.StreamCounters;
import dev.streamguard.agent.observe.StreamEvents;
import dev.streamguard.core.StreamReport;
import dev.streamguard.runtime.StreamGuardRuntime;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the agent does with what the guard reports: counts it (JMX), logs the anomalies (rate-limited),
 * emits Flight Recorder events, and logs an internal failure once per place it happened (the response
 * itself went on unguarded) and an unguarded event stream once per reason. Logging from an event loop is
 * done on a thread of the agent's ({@link LogHandOff}).
 */
final class AgentHost implements StreamGuardRuntime.Host {
    private final StreamCounters counters;
    private final ClientOutcomes outcomes;
    private final AnomalyLog anomalies = new AnomalyLog(AgentLog.LOG);
    /** Looked up at the first report, not at the start; null until then. */
    private volatile Boolean flightRecorder;
    private final Set<String> failuresLogged = ConcurrentHashMap.newKeySet();
    private final Set<String> unguardedLogged = ConcurrentHashMap.newKeySet();

    AgentHost(StreamCounters counters, ClientOutcomes outcomes) {
        this.counters = counters;
        this.outcomes = outcomes;
    }

    @Override
    public void onReport(StreamReport report) {
        counters.add(report);
        if (AnomalyLog.isAnomaly(report)) {
            // Writing the line is blocking I/O, which an event loop must not do.
            LogHandOff.run(() -> anomalies.record(report));
        }
        Boolean jfr = flightRecorder;
        if (jfr == null) {
            jfr = flightRecorderAvailable();
            flightRecorder = jfr;
        }
        if (jfr) {
            StreamEvents.emit(report);
        }
        if (report.failedOpen() && failuresLogged.add("guard " + report.internalError())) {
            LogHandOff.run(() -> AgentLog.LOG.warn("streamguard: internal error in the guard; the rest of that stream went through unguarded: {}",
                    report.internalError()));
        }
    }

    @Override
    public void onUnguarded(String client, String url, String reason) {
        counters.unguarded();
        if (unguardedLogged.add(client + " " + reason)) {
            LogHandOff.run(() -> AgentLog.LOG.warn("streamguard: an event stream through {} was left unguarded ({}); further ones like it are not logged",
                    client, reason));
        }
    }

    @Override
    public void onInternalError(String where, Throwable error) {
        counters.internalError();
        if (failuresLogged.add(where + " " + error.getClass().getName())) {
            LogHandOff.run(() -> AgentLog.LOG.warn("streamguard: internal error in {}; the response went through unguarded: {}", where,
                    error.toString()));
        }
    }

    @Override
    public void onGlueFailed(String client, String libraryClass, Throwable error) {
        outcomes.glueFailed(libraryClass, error);
        StreamGuardRuntime.Host.super.onGlueFailed(client, libraryClass, error);
    }

    /** A JDK without the jdk.jfr module (a trimmed runtime image) gets no events, and nothing else changes. */
    private static boolean flightRecorderAvailable() {
        try {
            Class.forName("jdk.jfr.Event");
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
