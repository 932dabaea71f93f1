package io.jlvs.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One producer thread and one consumer thread, as on two worker cores. */
class SpscLongRingConcurrencyTest {
    private static final long VALUES = 10_000_000;

    // Not a speed limit: only keeps a broken ring from hanging the build.
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyValueArrivesOnceAndInOrder() throws InterruptedException {
        // A small ring next to bursts of changing size makes the producer meet a full ring and
        // the consumer an empty one often, and makes bursts straddle the wrap.
        SpscLongRing ring = new SpscLongRing(256);
        AtomicReference<String> failure = new AtomicReference<>();

        Thread producer = new Thread(() -> {
            long[] burst = new long[37];
            long next = 1;
            int size = 1;
            while (next <= VALUES) {
                int count = (int) Math.min(size, VALUES - next + 1);
                for (int i = 0; i < count; i++) {
                    burst[i] = next + i;
                }
                int sent = 0;
                while (sent < count) {
                    int moved = ring.offer(burst, sent, count - sent);
                    if (moved == 0) {
                        Thread.yield();
                    }
                    sent += moved;
                }
                next += count;
                size = size % burst.length + 1;
            }
        }, "ring-producer");

        Thread consumer = new Thread(() -> {
            long[] dst = new long[32];
            long expected = 1;
            while (expected <= VALUES) {
                int moved = ring.drain(dst, dst.length);
                if (moved == 0) {
                    Thread.yield();
                }
                for (int i = 0; i < moved; i++) {
                    if (dst[i] != expected) {
                        failure.compareAndSet(null, "expected " + expected + " but got " + dst[i]);
                        return;
                    }
                    expected++;
                }
            }
        }, "ring-consumer");

        producer.start();
        consumer.start();
        consumer.join();
        if (failure.get() != null) {
            producer.interrupt();
        }
        producer.join(failure.get() == null ? 0 : 1000);

        assertEquals(null, failure.get());
        assertEquals(0, ring.size(), "nothing left over, nothing extra");
    }
}
