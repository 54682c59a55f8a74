package io.coldchain.ingest.mqtt;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The consumer's own bound on messages taken from the broker but not yet committed: at most the
 * receive maximum of them, and at most {@link #MAX_BYTES} of their payloads. The broker should stop
 * at our receive maximum, but not every broker does; blocking Paho's callback thread here stops it
 * reading the socket, so TCP pushes back instead of the heap filling up. The byte bound matters
 * because a receive maximum large enough to keep the writers busy with gateway-sized messages
 * (1,000 × 50 readings) would otherwise allow 1,000 × 256 KiB of large ones.
 */
final class InflightWindow {
    static final int MAX_BYTES = 64 << 20;

    private final int messages;
    private final Semaphore count;
    private final Semaphore bytes = new Semaphore(MAX_BYTES);

    InflightWindow(int messages, MeterRegistry registry, int consumer) {
        this.messages = messages;
        this.count = new Semaphore(messages);
        Gauge.builder("coldchain.ingest.inflight.bytes", bytes, b -> MAX_BYTES - b.availablePermits())
                .description("Payload bytes taken from the broker and not yet committed")
                .baseUnit("bytes")
                .tag("consumer", Integer.toString(consumer))
                .register(registry);
    }

    /** Blocks until a message of {@code payloadBytes} fits; returns what to give back on commit. */
    int take(int payloadBytes) throws InterruptedException {
        int cost = Math.min(payloadBytes, MAX_BYTES);
        count.acquire();
        try {
            bytes.acquire(cost);
        } catch (InterruptedException e) {
            count.release();
            throw e;
        }
        return cost;
    }

    void giveBack(int cost) {
        bytes.release(cost);
        count.release();
    }

    /** Nothing taken is uncommitted. */
    boolean empty() {
        return count.availablePermits() == messages;
    }

    /** Waits until everything taken is committed (and keeps the window closed); false on timeout. */
    boolean drain(long timeout, TimeUnit unit) throws InterruptedException {
        return count.tryAcquire(messages, timeout, unit);
    }
}
