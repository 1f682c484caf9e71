package dev.streamguard.examples.demo;

/** What the client application ended up with for one stream, as it would act on it. */
final class Outcome {
    enum Kind {
        /** A tool call the application can run: known tool, arguments one JSON object with the required parameters. */
        CALL,
        /** A tool call the application got but cannot run (or would run with the wrong arguments). */
        REJECTED,
        /** A text answer that ended without any error. */
        TEXT,
        /** An IOException reached the application (the only kind StreamGuard raises). */
        FAILURE,
        /** Any other exception or error reached the application. */
        ERROR,
        /** The client ran out of memory. */
        OOM,
        /** The client JVM gave no result for this stream (it crashed or hung). */
        MISSING
    }

    final Kind kind;
    /** For FAILURE the exception's message; otherwise what the application saw, in words. */
    final String text;
    /** Something the application could measure on the side, such as how many arguments it held; may be empty. */
    final String note;

    Outcome(Kind kind, String text, String note) {
        this.kind = kind;
        this.text = oneLine(text);
        this.note = oneLine(note == null ? "" : note);
    }

    static Outcome missing(String why) {
        return new Outcome(Kind.MISSING, why, "");
    }

    /** Null when this is exactly the runnable call {@code expected}; otherwise what differs. */
    String isCall(String expected) {
        if (kind == Kind.CALL && text.equals(expected)) {
            return null;
        }
        return "expected the tool call " + expected;
    }

    /** Null when this is an IOException whose message starts with {@code prefix}; otherwise what differs. */
    String isFailure(String prefix) {
        if (kind == Kind.FAILURE && text.startsWith(prefix)) {
            return null;
        }
        return "expected an IOException starting \"" + prefix + "\"";
    }

    /** The table cell. */
    String cell() {
        String shown = kind == Kind.FAILURE ? "IOException: " + text
                : kind == Kind.MISSING ? "no result: " + text : text;
        return note.isEmpty() ? shown : shown + " [" + note + "]";
    }

    /** One line for the child-to-parent protocol. */
    String encode() {
        return kind + "\t" + text + "\t" + note;
    }

    static Outcome decode(String line) {
        String[] parts = line.split("\t", 3);
        try {
            return new Outcome(Kind.valueOf(parts[0]), parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : "");
        } catch (IllegalArgumentException e) {
            return missing("unreadable result line: " + line);
        }
    }

    private static String oneLine(String s) {
        return s.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }
}
