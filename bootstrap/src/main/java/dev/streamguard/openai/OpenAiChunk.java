package dev.streamguard.openai;

import dev.streamguard.json.MemberValue;
import dev.streamguard.json.ObjectMembers;
import java.util.Arrays;

/** What the rules need of one {@code chat.completion.chunk} (or error) event, as positions in its data. */
final class OpenAiChunk {
    final ObjectMembers root = new ObjectMembers();
    final MemberValue choices = new MemberValue();
    final MemberValue usage = new MemberValue();
    final MemberValue obfuscation = new MemberValue();
    final MemberValue id = new MemberValue();
    final MemberValue created = new MemberValue();
    final MemberValue model = new MemberValue();
    /** A top-level {@code code} (DashScope's flat error shape, D31). */
    final MemberValue code = new MemberValue();
    /** A top-level {@code message} string: raw content span, start -1 when none. */
    int messageStart = -1;
    int messageEnd;
    /** The top-level {@code error} member, whatever its value. */
    final MemberValue error = new MemberValue();
    /** A top-level {@code error} that is not null, or {@code "object":"error"}. */
    boolean isError;
    int errorMessageStart = -1;
    int errorMessageEnd;
    int choiceCount;
    private ChoiceDelta[] choiceDeltas = new ChoiceDelta[1];

    void clear() {
        choices.clear();
        usage.clear();
        obfuscation.clear();
        id.clear();
        created.clear();
        model.clear();
        code.clear();
        messageStart = -1;
        error.clear();
        isError = false;
        errorMessageStart = -1;
        choiceCount = 0;
    }

    ChoiceDelta choice(int i) {
        return choiceDeltas[i];
    }

    ChoiceDelta addChoice() {
        if (choiceCount == choiceDeltas.length) {
            choiceDeltas = Arrays.copyOf(choiceDeltas, choiceCount * 2);
        }
        ChoiceDelta c = choiceDeltas[choiceCount];
        if (c == null) {
            c = new ChoiceDelta();
            choiceDeltas[choiceCount] = c;
        }
        choiceCount++;
        c.clear();
        return c;
    }
}
