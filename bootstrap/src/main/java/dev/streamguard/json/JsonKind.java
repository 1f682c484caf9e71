package dev.streamguard.json;

/** The kinds of JSON value, as far as the rules need to tell them apart. */
public enum JsonKind {
    OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL
}
