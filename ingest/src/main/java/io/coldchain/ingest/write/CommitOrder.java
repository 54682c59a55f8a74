package io.coldchain.ingest.write;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets parallel writers commit their batches in the order the batches were formed, as far as a short
 * wait allows.
 *
 * <p>Why: a batch's readings and its entry in alerting's queue commit together. When the second of two
 * writers commits first, the evaluator can claim its entry, judge the sensors' newer readings and move
 * their quiet marks past the older readings the first writer is still committing; each of those
 * sensors' next change then starts before its mark and takes the full evaluation (12 h of readings)
 * instead of the quiet pass. With 10,000 busy registered sensors that was hundreds to thousands of full
 * evaluations in a measured run (bench, `coldchain_alert_quiet_behind_mark_total`).
 *
 * <p>Ordering is an optimisation, never a condition: the wait is bounded ({@code maxWait}), so a
 * predecessor that is slow, retried, or blocked on this batch's own uncommitted rows (the same key in
 * two concurrent batches) delays a commit by at most that much. Nothing about durability or
 * acknowledgement depends on it. {@link #next} is called from one thread (the writer verticle's event
 * loop); {@link Turn#awaitPredecessor} and {@link Turn#done} from the writers' threads.
 */
final class CommitOrder {
    private final Duration maxWait;
    private final Runnable onTimeout;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    CommitOrder(Duration maxWait, Runnable onTimeout) {
        this.maxWait = maxWait;
        this.onTimeout = onTimeout;
    }

    /** The turn of the batch formed now: after every batch formed before it. */
    Turn next() {
        CompletableFuture<Void> previous = last;
        CompletableFuture<Void> mine = new CompletableFuture<>();
        last = mine;
        return new Turn(previous, mine);
    }

    /** A turn that waits for nothing: a retried batch or half of one, whose place has passed. */
    Turn unordered() {
        return new Turn(CompletableFuture.completedFuture(null), new CompletableFuture<>());
    }

    /** One batch's place in the order. */
    final class Turn {
        private final CompletableFuture<Void> previous;
        private final CompletableFuture<Void> mine;

        private Turn(CompletableFuture<Void> previous, CompletableFuture<Void> mine) {
            this.previous = previous;
            this.mine = mine;
        }

        /**
         * Waits, at most {@code maxWait}, until the batch formed before this one has committed or
         * failed. Called just before this batch commits.
         */
        void awaitPredecessor() {
            try {
                previous.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                onTimeout.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // never completed exceptionally: done() only completes normally
            }
        }

        /** This batch has committed or failed: the next one need not wait for it. Idempotent. */
        void done() {
            mine.complete(null);
        }
    }
}
