package dev.streamguard.agent.install;

import dev.streamguard.core.StreamReport;
import dev.streamguard.runtime.StreamGuardRuntime;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the agent does with what the guard reports: logs an internal failure once per place it happened
 * (the stream itself went on unguarded), and an unguarded event stream once per reason.
 */
final class AgentHost implements StreamGuardRuntime.Host {
    private final Set<String> failuresLogged = ConcurrentHashMap.newKeySet();
    private final Set<String> unguardedLogged = ConcurrentHashMap.newKeySet();

    @Override
    public void onReport(StreamReport report) {
        if (report.failedOpen() && failuresLogged.add("guard " + report.internalError())) {
            AgentLog.LOG.warn("streamguard: internal error in the guard; the rest of that stream went through unguarded: {}",
                    report.internalError());
        }
    }

    @Override
    public void onUnguarded(String client, String url, String reason) {
        if (unguardedLogged.add(client + " " + reason)) {
            AgentLog.LOG.warn("streamguard: an event stream through {} was left unguarded ({}); further ones like it are not logged",
                    client, reason);
        }
    }

    @Override
    public void onInternalError(String where, Throwable error) {
        if (failuresLogged.add(where + " " + error.getClass().getName())) {
            AgentLog.LOG.warn("streamguard: internal error in {}; the response went through unguarded: {}", where, error.toString());
        }
    }
}
