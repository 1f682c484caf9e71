package dev.streamguard.responses;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.json.JsonCursor;
import dev.streamguard.json.MalformedJsonException;
import dev.streamguard.json.ObjectMembers;
import java.util.Arrays;

/**
 * The {@code response} object of {@code response.created}, kept (one event's worth) so that a terminal event whose
 * response lacks members it had ({@code id}, {@code model}, {@code created_at}...) gets them back (R1).
 */
final class CreatedResponse {
    private final ObjectMembers members = new ObjectMembers();
    private byte[] json;

    void remember(byte[] buf, int start, int end) {
        json = Arrays.copyOfRange(buf, start, end);
        JsonCursor cur = new JsonCursor().reset(json, 0, json.length);
        try {
            cur.beginObject(members);
            boolean first = true;
            while (cur.nextMember(first)) {
                first = false;
                int keyStart = cur.memberStart();
                int valueStart = cur.position();
                cur.skipValue();
                cur.recordMember(members, keyStart, valueStart);
            }
            cur.endObject(members);
        } catch (MalformedJsonException e) {
            json = null;
        }
    }

    /**
     * The members ({@code "key":value}, comma-joined) that {@code response} (an object in {@code buf}) lacks and
     * the created response had, except those a terminal event carries for itself (status, output, usage); null
     * when none.
     */
    byte[] missingFrom(byte[] buf, ObjectMembers response) {
        if (json == null) {
            return null;
        }
        ByteBuilder out = null;
        for (int m = 0; m < members.count(); m++) {
            int key = members.keyStart(m);
            if (isOwnMember(key) || has(buf, response, key)) {
                continue;
            }
            if (out == null) {
                out = new ByteBuilder(256);
            } else {
                out.append((byte) ',');
            }
            out.append(json, key, members.valueEnd(m) - key);
        }
        return out == null ? null : out.toByteArray();
    }

    private boolean isOwnMember(int key) {
        return keyIs(json, key, "status") || keyIs(json, key, "output") || keyIs(json, key, "usage");
    }

    private boolean has(byte[] buf, ObjectMembers response, int key) {
        for (int m = 0; m < response.count(); m++) {
            if (sameKey(json, key, buf, response.keyStart(m))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the keys starting (at their opening quote) at {@code a[i]} and {@code b[j]} are spelled alike. */
    private static boolean sameKey(byte[] a, int i, byte[] b, int j) {
        for (int k = 1; ; k++) {
            if (i + k >= a.length || j + k >= b.length || a[i + k] != b[j + k]) {
                return false;
            }
            if (a[i + k] == '\\') {
                // An escape: the next byte is part of it, whatever it is.
                k++;
                if (i + k >= a.length || j + k >= b.length || a[i + k] != b[j + k]) {
                    return false;
                }
            } else if (a[i + k] == '"') {
                return true;
            }
        }
    }

    private static boolean keyIs(byte[] a, int quote, String key) {
        if (quote + key.length() + 1 >= a.length || a[quote + key.length() + 1] != '"') {
            return false;
        }
        for (int k = 0; k < key.length(); k++) {
            if (a[quote + 1 + k] != key.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
