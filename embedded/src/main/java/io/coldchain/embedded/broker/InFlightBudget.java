package io.coldchain.embedded.broker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * The payload bytes the embedded broker may have in ingest and not yet committed, over all
 * connections. Each connection may have up to the broker's receive maximum of messages in flight
 * (each up to 256 KiB), so without a bound on the sum a few thousand busy gateways could fill the
 * heap while the database is slow. A message that does not fit waits (its connection's next
 * messages wait behind it in HiveMQ's per-client task queue) until committed messages make room.
 * One message is always let in when nothing is in flight, whatever its size.
 */
final class InFlightBudget {
    private record Waiter(long bytes, CompletableFuture<Void> room) {}

    private final long max;
    private final Queue<Waiter> waiting = new ArrayDeque<>();
    private long used;
    private long waits;

    InFlightBudget(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("in-flight budget must be positive: " + maxBytes);
        }
        this.max = maxBytes;
    }

    /**
     * Completes (at once when there is room) when {@code bytes} are taken from the budget. A caller
     * that gives up may complete the future itself (e.g. {@code orTimeout}): it then takes nothing.
     */
    synchronized CompletableFuture<Void> take(long bytes) {
        if (waiting.isEmpty() && fits(bytes)) {
            used += bytes;
            return CompletableFuture.completedFuture(null);
        }
        waits++;
        CompletableFuture<Void> room = new CompletableFuture<>();
        waiting.add(new Waiter(bytes, room));
        return room;
    }

    /** Gives back what a committed (or failed) message took; wakes waiters in their order. */
    void release(long bytes) {
        List<Waiter> ready = new ArrayList<>();
        synchronized (this) {
            used -= bytes;
            while (!waiting.isEmpty()
                    && (waiting.peek().room().isDone() || fits(waiting.peek().bytes()))) {
                Waiter w = waiting.remove();
                if (w.room().isDone()) {
                    continue; // gave up waiting (timed out): it takes nothing and blocks no one
                }
                used += w.bytes();
                ready.add(w);
            }
        }
        // Outside the lock: the waiters go on to hand their messages to ingest. One that gave up
        // in the meantime did not get its bytes, so they go back at once.
        for (Waiter w : ready) {
            if (!w.room().complete(null)) {
                release(w.bytes());
            }
        }
    }

    private boolean fits(long bytes) {
        return used == 0 || used + bytes <= max;
    }

    synchronized long used() {
        return used;
    }

    /** How many messages had to wait for room, since the start (a counter's source). */
    synchronized long waits() {
        return waits;
    }
}
