package dev.streamguard.openai;

import dev.streamguard.buffer.ByteBuilder;
import dev.streamguard.core.Fingerprint;
import dev.streamguard.json.JsonEdits;
import dev.streamguard.json.JsonKind;
import dev.streamguard.json.MemberValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * D26: GitHub Copilot's endpoint and several relays send chunks (often the usage-only one) without
 * {@code id}, {@code model} or {@code created}; openai-java's accumulator fails on a chunk with choices that
 * lacks one, and Spring AI 2 on any chunk without {@code id} or {@code model}. The stream's identity is the
 * first value of each seen; a chunk that lacks one gets it. The chunks the guard writes itself carry it too.
 */
final class ChunkIdentity {
    /** A value longer than this is not kept (an identity is a few dozen bytes; the rest is not worth holding). */
    private static final int MAX_VALUE_BYTES = 1024;
    private static final byte[] ID_KEY = ascii("\"id\":");
    private static final byte[] CREATED_KEY = ascii("\"created\":");
    private static final byte[] MODEL_KEY = ascii("\"model\":");
    private static final byte[] OBJECT_MEMBER = ascii("\"object\":\"chat.completion.chunk\"");

    private byte[] id;
    private byte[] created;
    private byte[] model;
    private final ByteBuilder missing = new ByteBuilder(0);

    /**
     * Learns what the chunk shows of the identity and adds to {@code edits} what it lacks of it. Returns
     * whether it added anything.
     */
    boolean apply(byte[] buf, OpenAiChunk chunk, JsonEdits edits) {
        id = learn(id, buf, chunk.id, JsonKind.STRING);
        created = learn(created, buf, chunk.created, JsonKind.NUMBER);
        model = learn(model, buf, chunk.model, JsonKind.STRING);
        missing.clear();
        fill(chunk.id, ID_KEY, id, chunk, edits);
        fill(chunk.created, CREATED_KEY, created, chunk, edits);
        fill(chunk.model, MODEL_KEY, model, chunk, edits);
        if (missing.length() == 0) {
            return false;
        }
        edits.insertFirst(chunk.root, missing.toByteArray());
        return true;
    }

    private static byte[] learn(byte[] known, byte[] buf, MemberValue value, JsonKind kind) {
        if (known != null || !value.is(kind) || value.valueEnd() - value.valueStart() > MAX_VALUE_BYTES
                || (kind == JsonKind.STRING && !value.hasText())) {
            return known;
        }
        return Arrays.copyOfRange(buf, value.valueStart(), value.valueEnd());
    }

    /** An absent or null member: the null is replaced where it stands, an absent one joins the insertion. */
    private void fill(MemberValue value, byte[] key, byte[] known, OpenAiChunk chunk, JsonEdits edits) {
        if (known == null || value.isNonNull() && !value.isEmptyString()) {
            return;
        }
        if (value.present()) {
            edits.replace(value.valueStart(), value.valueEnd(), known);
            return;
        }
        if (missing.length() > 0) {
            missing.append((byte) ',');
        }
        missing.append(key).append(known);
    }

    /**
     * A fingerprint of the stream's identity, {@code seed} extended by what is known of it: ids the guard
     * derives from it differ between responses (whose ids differ) and are the same for the same response.
     */
    long fingerprint(long seed) {
        long h = seed;
        for (byte[] value : new byte[][] {id, created, model}) {
            if (value != null) {
                h = Fingerprint.extend(h, value, 0, value.length);
            }
        }
        return h;
    }

    /**
     * Writes the start of a chunk the guard makes, up to where its {@code choices} member follows:
     * {@code {"id":…,"object":"chat.completion.chunk","created":…,"model":…,} with what is known.
     */
    void writeHead(ByteBuilder out) {
        out.append((byte) '{');
        if (id != null) {
            out.append(ID_KEY).append(id).append((byte) ',');
        }
        out.append(OBJECT_MEMBER).append((byte) ',');
        if (created != null) {
            out.append(CREATED_KEY).append(created).append((byte) ',');
        }
        if (model != null) {
            out.append(MODEL_KEY).append(model).append((byte) ',');
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
