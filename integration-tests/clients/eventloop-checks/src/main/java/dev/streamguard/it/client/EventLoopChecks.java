package dev.streamguard.it.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import reactor.blockhound.BlockHound;

/**
 * What the tools users run report about a client JVM. With {@code -Dit.blockhound=true}, BlockHound records
 * (instead of throwing) every blocking call on a non-blocking thread (Netty's event loops, and so Reactor
 * Netty's and Vert.x's; Reactor's parallel scheduler), printed at the end as {@code BLOCKING <method> <frames>}
 * on standard output; one is made on purpose first (a sleep and a file write), from this class on one of the
 * client's event loops, to show the detection works there. With {@code -Dit.leakCheck=true} (and Netty's leak detector at
 * paranoid), one pooled buffer is leaked on purpose, touched with the hint {@code it-leak-self-check}, and at the
 * end collected garbage is made to report its leaks.
 */
public final class EventLoopChecks {
    public static final String LEAK_HINT = "it-leak-self-check";
    private static final Queue<String> BLOCKING = new ConcurrentLinkedQueue<>();

    private EventLoopChecks() {
    }

    /** Before the first stream; {@code onEventLoop} runs a task on one of the client's event loops and waits for it. */
    public static void start(java.util.function.Consumer<Runnable> onEventLoop) {
        if (Boolean.getBoolean("it.blockhound")) {
            // With the integrations the libraries ship (Reactor's, Netty's), which say which threads must not block.
            BlockHound.install(builder -> builder.blockingMethodCallback(method -> BLOCKING.add(method + " "
                    + Arrays.stream(new Exception().getStackTrace()).map(String::valueOf).collect(Collectors.joining(" <- ")))));
            // On one of the event loops the streams are read on: a sleep, and a write to a file, as a log would.
            onEventLoop.accept(EventLoopChecks::sleepABit);
            onEventLoop.accept(EventLoopChecks::writeAFile);
        }
        if (Boolean.getBoolean("it.leakCheck")) {
            ByteBuf leaked = PooledByteBufAllocator.DEFAULT.buffer(64);
            leaked.touch(LEAK_HINT);
        }
    }

    private static void sleepABit() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void writeAFile() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("it-blockhound", ".txt");
            try (java.io.OutputStream out = new java.io.FileOutputStream(file.toFile())) {
                out.write(new byte[] {'x', '\n'});
            }
            java.nio.file.Files.delete(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** After the last stream. */
    public static void end() throws InterruptedException {
        if (Boolean.getBoolean("it.leakCheck")) {
            // The detector reports a leak when it next tracks a buffer after the leaked one was collected.
            for (int i = 0; i < 10; i++) {
                System.gc();
                Thread.sleep(50);
                PooledByteBufAllocator.DEFAULT.buffer(64).release();
            }
        }
        BLOCKING.forEach(b -> System.out.println("BLOCKING " + b));
    }
}
