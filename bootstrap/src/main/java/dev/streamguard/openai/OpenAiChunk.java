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
