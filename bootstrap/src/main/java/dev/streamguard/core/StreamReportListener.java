package dev.streamguard.core;

/** Receives one report per guarded stream, when it ends; must be quick and thread-safe. */
public interface StreamReportListener {
    StreamReportListener NONE = report -> { };

    void onStreamReport(StreamReport report);
}
