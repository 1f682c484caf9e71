package dev.streamguard.it.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The terminal callbacks of one asynchronous streaming call (a response or an error), as an application waits for
 * them: the first ends the call; a second one, which a client must never make, is kept for the record when it comes
 * within {@value #SECOND_CALLBACK_MILLIS} ms, as {@code then onCompleteResponse} or {@code then onError <error>}.
 *
 * @param <R> the client's response type
 */
public final class TerminalCallbacks<R> {
    /** How long the application waits for a second terminal callback after the first. */
    static final long SECOND_CALLBACK_MILLIS = 300;

    private final CompletableFuture<R> first = new CompletableFuture<>();
    private final CompletableFuture<String> second = new CompletableFuture<>();

    public void completed(R response) {
        if (!first.complete(response)) {
            second.complete("then onCompleteResponse");
        }
    }

    public void failed(Throwable error) {
        if (!first.completeExceptionally(error)) {
            second.complete("then onError " + error);
        }
    }

    /**
     * The response of the first callback; the error of the first, thrown after a second callback is noted. Waits
     * without end: a callback that never comes is reported as a hang by {@link ChatOutput}.
     */
    public R await(ChatOutput.Report report) throws Throwable {
        try {
            return first.get();
        } catch (ExecutionException e) {
            noteSecond(report);
            throw e.getCause();
        }
    }

    /** Notes a second terminal callback if it comes within {@link #SECOND_CALLBACK_MILLIS} of the first. */
    public void noteSecond(ChatOutput.Report report) throws InterruptedException {
        try {
            report.note(second.get(SECOND_CALLBACK_MILLIS, TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException none) {
            // only the first
        }
    }
}
