package dev.streamguard.agent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogHandOffTest {
    @Test
    void anOrdinaryThreadLogsItself() {
        List<String> by = new CopyOnWriteArrayList<>();
        LogHandOff.run(() -> by.add(Thread.currentThread().getName()));
        assertEquals(List.of(Thread.currentThread().getName()), by);
    }

    @Test
    void anEventLoopHandsItsLinesOverInOrder() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> handedOver = new CompletableFuture<>();
        Thread loop = new FastThreadLocalThread(() -> {
            for (int i = 0; i < 100; i++) {
                int n = i;
                LogHandOff.run(() -> lines.add(Thread.currentThread().getName() + " " + n));
            }
            handedOver.complete(null);
        }, "event-loop");
        loop.start();
        handedOver.get(10, TimeUnit.SECONDS);
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); lines.size() < 100 && System.nanoTime() < deadline; ) {
            Thread.sleep(10);
        }
        for (int i = 0; i < 100; i++) {
            assertEquals("streamguard-log " + i, lines.get(i));
        }
    }
}
