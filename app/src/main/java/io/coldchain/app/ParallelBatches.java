package io.coldchain.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench's database-only runs: a load plan's messages written in batches by several sessions at
 * once, each taking the next batch of message numbers until none is left. Checks that every row
 * was stored and gives rows per second.
 */
final class ParallelBatches {
    private ParallelBatches() {}

    /** One thread's writer, e.g. over a connection of its own. */
    interface Session extends AutoCloseable {
        /** Writes messages {@code [first, end)}; returns the rows stored. */
        long write(long first, long end) throws Exception;

        @Override
        default void close() throws Exception {}
    }

    interface Opener {
        Session open() throws Exception;
    }

    static double rowsPerSecond(
            String what, int sessions, long totalMessages, int messagesPerBatch, long expectedRows, Opener opener)
            throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong stored = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(sessions);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < sessions; t++) {
                futures.add(threads.submit(() -> {
                    try (Session s = opener.open()) {
                        for (long first = next.getAndAdd(messagesPerBatch);
                                first < totalMessages;
                                first = next.getAndAdd(messagesPerBatch)) {
                            stored.addAndGet(s.write(first, Math.min(first + messagesPerBatch, totalMessages)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (stored.get() != expectedRows) {
            throw new IllegalStateException(what + " stored " + stored.get() + " of " + expectedRows);
        }
        return stored.get() / seconds;
    }
}
