package dev.streamguard.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each client of one protocol sees of each stream without the agent, as the tests found it: the streams that
 * break it (or that it reads in a way of its own) and exactly how; every other stream it reads correctly, which
 * the tests check too. An entry is the result's {@link ChatResult#summary()}: the whole of it, or, when it ends in
 * {@code …}, its beginning, or, after {@code regex:}, a pattern (see {@link SdkExpectations#matches}). With the
 * agent every stream must read as it means or fail as {@link ProtocolStream#failure} says.
 */
final class ProtocolExpectations {
    private final Map<? extends ProtocolClient, Map<String, String>> brokenWithoutAgent;
    private final Set<? extends ProtocolClient> floodExhaustsHeap;
    private final Map<? extends ProtocolClient, Set<String>> ownErrorWithAgent;

    ProtocolExpectations(Map<? extends ProtocolClient, Map<String, String>> brokenWithoutAgent, Set<? extends ProtocolClient> floodExhaustsHeap) {
        this(brokenWithoutAgent, floodExhaustsHeap, Map.of());
    }

    /**
     * @param brokenWithoutAgent per client, the streams it does not read as they mean without the agent, and how
     * @param floodExhaustsHeap  the clients whose heap the flood exhausts without the agent (the others do not keep it)
     * @param ownErrorWithAgent  per client, the failing streams it reads with the agent as without it (as documented
     *                           there): the guard passes the upstream's error event on before it fails, and the client
     *                           raises it as its own error first
     */
    ProtocolExpectations(Map<? extends ProtocolClient, Map<String, String>> brokenWithoutAgent, Set<? extends ProtocolClient> floodExhaustsHeap,
                         Map<? extends ProtocolClient, Set<String>> ownErrorWithAgent) {
        this.brokenWithoutAgent = brokenWithoutAgent;
        this.floodExhaustsHeap = floodExhaustsHeap;
        this.ownErrorWithAgent = ownErrorWithAgent;
    }

    /** How the client reads the stream without the agent, or null where it reads it as it means. */
    String documented(ProtocolClient client, ProtocolStream stream) {
        return brokenWithoutAgent.get(client).get(stream.name);
    }

    boolean floodExhaustsHeap(ProtocolClient client) {
        return floodExhaustsHeap.contains(client);
    }

    /** What is wrong with what the client's application saw of a stream (empty when it is as documented). */
    List<String> problems(ProtocolClient client, ProtocolStream stream, ChatResult seen, boolean withAgent) {
        List<String> problems = new ArrayList<>();
        String summary = seen.summary();
        if (withAgent) {
            if (ownErrorWithAgent.getOrDefault(client, Set.of()).contains(stream.name)) {
                String ownError = documented(client, stream);
                if (ownError == null || !SdkExpectations.matches(ownError, summary)) {
                    problems.add(stream + ": expected the client's own error '" + ownError + "' as without the agent, saw '" + summary + "'");
                }
            } else if (stream.failure != null) {
                if (!stream.failedAsItMust(seen)) {
                    problems.add(stream + ": expected the failure '" + stream.failure + "', saw '" + summary + "'");
                }
            } else {
                List<String> differences = stream.differences(client, seen);
                if (!differences.isEmpty()) {
                    problems.add(stream + ": " + differences + "; saw '" + summary + "'");
                }
            }
            return problems;
        }
        String documented = documented(client, stream);
        if (documented != null) {
            if (!SdkExpectations.matches(documented, summary)) {
                problems.add(stream + ": documented '" + documented + "', saw '" + summary + "'");
            }
            if (stream.failure == null && stream.differences(client, seen).isEmpty()) {
                problems.add(stream + ": documented as broken but read correctly: " + summary);
            }
            return problems;
        }
        if (stream.failure != null) {
            problems.add(stream + ": a stream the agent fails must be documented for the client without it; saw '" + summary + "'");
            return problems;
        }
        List<String> differences = stream.differences(client, seen);
        if (!differences.isEmpty()) {
            problems.add(stream + ": " + differences + "; saw '" + summary + "'");
        }
        return problems;
    }
}
