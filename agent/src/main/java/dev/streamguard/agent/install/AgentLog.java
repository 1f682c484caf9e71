package dev.streamguard.agent.install;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's own logger: the shaded SLF4J simple logger, never the application's. */
final class AgentLog {
    static final Logger LOG = LoggerFactory.getLogger("streamguard");

    private AgentLog() {
    }
}
