package dev.streamguard.agent.jdk;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Test doubles for both sides of a {@code BodySubscriber}: the upstream subscription and the downstream. */
final class FlowDoubles {
    private FlowDoubles() {
    }

    /** An upstream subscription that only records what it is asked. */
    static final class RecordingSubscription implements Flow.Subscription {
        final List<Long> requests = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger cancels = new AtomicInteger();

        @Override
        public void request(long n) {
            requests.add(n);
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }

        long total() {
            synchronized (requests) {
                long sum = 0;
                for (long n : requests) {
                    sum = sum + n < 0 ? Long.MAX_VALUE : sum + n;
                }
                return sum;
            }
        }

        List<Long> requests() {
            synchronized (requests) {
                return List.copyOf(requests);
            }
        }
    }

    /**
     * An upstream that plays a script (items, then complete or an error) the way the HttpClient does: never more
     * items than requested, signals one at a time, either on the requesting thread (a trampoline, so a request
     * made inside {@code onNext} does not recurse) or on one executor thread. Stops after {@code cancel}.
     */
    static final class ScriptedPublisher implements Flow.Subscription {
        private final Flow.Subscriber<? super List<ByteBuffer>> subscriber;
        private final Deque<List<ByteBuffer>> items;
        private final Throwable error;
        private final Executor executor;
        private long outstanding;
        private boolean pumping;
        private boolean terminated;
        volatile boolean cancelled;
        final AtomicInteger cancels = new AtomicInteger();
        final AtomicLong requested = new AtomicLong();
        final AtomicInteger delivered = new AtomicInteger();
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());

        ScriptedPublisher(Flow.Subscriber<? super List<ByteBuffer>> subscriber, List<List<ByteBuffer>> items,
                          Throwable error, Executor executor) {
            this.subscriber = subscriber;
            this.items = new ArrayDeque<>(items);
            this.error = error;
            this.executor = executor;
        }

        /** Subscribes the subscriber (on the calling thread); delivery starts with its requests. */
        ScriptedPublisher start() {
            subscriber.onSubscribe(this);
            return this;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                violations.add("request(" + n + ")");
                return;
            }
            requested.getAndUpdate(r -> r + n < 0 ? Long.MAX_VALUE : r + n);
            synchronized (this) {
                outstanding = outstanding + n < 0 ? Long.MAX_VALUE : outstanding + n;
            }
            if (executor == null) {
                pump();
            } else {
                executor.execute(this::pump);
            }
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
            cancelled = true;
        }

        private void pump() {
            synchronized (this) {
                if (pumping) {
                    return;
                }
                pumping = true;
            }
            while (true) {
                List<ByteBuffer> next = null;
                boolean end = false;
                synchronized (this) {
                    if (cancelled || terminated) {
                        pumping = false;
                        return;
                    }
                    if (!items.isEmpty() && outstanding > 0) {
                        next = items.poll();
                        if (outstanding != Long.MAX_VALUE) {
                            outstanding--;
                        }
                    } else if (items.isEmpty()) {
                        terminated = true;
                        end = true;
                    } else {
                        pumping = false;
                        return;
                    }
                }
                if (next != null) {
                    delivered.incrementAndGet();
                    subscriber.onNext(next);
                } else if (end) {
                    if (error == null) {
                        subscriber.onComplete();
                    } else {
                        subscriber.onError(error);
                    }
                    synchronized (this) {
                        pumping = false;
                    }
                    return;
                }
            }
        }
    }

    /**
     * The application's subscriber: records every signal in order, the bytes it got, and any breach of the Flow
     * rules towards it (more items than requested, a signal after the end, two signals at once).
     */
    static final class RecordingDownstream implements HttpResponse.BodySubscriber<String> {
        final List<String> signals = Collections.synchronizedList(new ArrayList<>());
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<String> body = new CompletableFuture<>();
        final AtomicLong requested = new AtomicLong();
        final AtomicInteger subscribes = new AtomicInteger();
        final AtomicInteger nexts = new AtomicInteger();
        final AtomicInteger completes = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        private final AtomicBoolean inSignal = new AtomicBoolean();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile Throwable error;
        volatile Flow.Subscription subscription;
        /** When positive, every onNext requests this many more (from inside onNext, as many clients do). */
        volatile long autoRequest;
        /** How long each onNext takes (an application busy with what it got). */
        volatile long onNextMillis;
        /** When set, onNext throws it (an application's bug). */
        volatile RuntimeException onNextThrows;
        /** The thread each signal ran on. */
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscribes.incrementAndGet();
            subscription = s;
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            enter("onNext");
            try {
                int n = nexts.incrementAndGet();
                if (n > requested.get()) {
                    violations.add("onNext #" + n + " with only " + requested.get() + " requested");
                }
                if (completes.get() + errors.get() > 0) {
                    violations.add("onNext after the end");
                }
                StringBuilder text = new StringBuilder();
                synchronized (bytes) {
                    for (ByteBuffer b : item) {
                        byte[] a = new byte[b.remaining()];
                        b.duplicate().get(a);
                        bytes.write(a, 0, a.length);
                        text.append(new String(a, StandardCharsets.UTF_8));
                    }
                }
                signals.add("next:" + text);
                if (onNextThrows != null) {
                    throw onNextThrows;
                }
                if (onNextMillis > 0) {
                    try {
                        Thread.sleep(onNextMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            } finally {
                exit();
            }
            if (autoRequest > 0) {
                request(autoRequest);
            }
        }

        @Override
        public void onError(Throwable t) {
            enter("onError");
            try {
                if (errors.incrementAndGet() + completes.get() > 1) {
                    violations.add("onError after the end: " + t);
                }
                error = t;
                signals.add("error:" + t.getMessage());
                body.completeExceptionally(t);
            } finally {
                exit();
            }
        }

        @Override
        public void onComplete() {
            enter("onComplete");
            try {
                if (completes.incrementAndGet() + errors.get() > 1) {
                    violations.add("onComplete after the end");
                }
                signals.add("complete");
                body.complete(text());
            } finally {
                exit();
            }
        }

        void request(long n) {
            requested.getAndUpdate(r -> r + n < 0 ? Long.MAX_VALUE : r + n);
            subscription.request(n);
        }

        void cancel() {
            subscription.cancel();
        }

        String text() {
            synchronized (bytes) {
                return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
            }
        }

        List<String> signals() {
            synchronized (signals) {
                return List.copyOf(signals);
            }
        }

        boolean ended() {
            return completes.get() + errors.get() > 0;
        }

        private void enter(String signal) {
            threads.add(Thread.currentThread().getName());
            if (!inSignal.compareAndSet(false, true)) {
                violations.add(signal + " while another signal was running");
            }
        }

        private void exit() {
            inSignal.set(false);
        }
    }
}
