package dev.streamguard.core;

/** How a guarded stream ended. */
public enum Outcome {
    /** The body ended and the client received the whole stream, repaired where needed. */
    COMPLETED,
    /** The guard found a failure (truncation, upstream error, cap, unusable arguments); see the report's cause. */
    FAILED,
    /** The client closed the stream before its end. */
    CANCELLED,
    /** Reading the upstream body failed with an I/O error, which the client received as it was. */
    UPSTREAM_IO_ERROR
}
