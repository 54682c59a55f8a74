package io.coldchain.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Parallel writers' commits in the order their batches were formed, never waiting longer than allowed. */
class CommitOrderTest {
    private final AtomicInteger timeouts = new AtomicInteger();

    @Test
    void a_batch_commits_only_after_the_batch_formed_before_it() throws Exception {
        CommitOrder order = new CommitOrder(Duration.ofSeconds(30), timeouts::incrementAndGet);
        CommitOrder.Turn first = order.next();
        CommitOrder.Turn second = order.next();
        CompletableFuture<Void> secondCommits = CompletableFuture.runAsync(second::awaitPredecessor);
        Thread.sleep(200);
        assertThat(secondCommits)
                .as("the second writer still waits for the first")
                .isNotDone();
        first.done();
        secondCommits.get(5, TimeUnit.SECONDS);
        assertThat(timeouts).hasValue(0);
        // The first batch waited for nothing: it was formed first.
        CompletableFuture.runAsync(first::awaitPredecessor).get(5, TimeUnit.SECONDS);
    }

    @Test
    void a_predecessor_that_never_finishes_delays_a_commit_by_the_longest_wait_only() throws Exception {
        CommitOrder order = new CommitOrder(Duration.ofMillis(100), timeouts::incrementAndGet);
        order.next(); // blocked on this batch's own uncommitted rows, say: never done in time
        CommitOrder.Turn second = order.next();
        long t0 = System.nanoTime();
        second.awaitPredecessor();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(timeouts).hasValue(1);
        // The third waits for the second only, which is done.
        CommitOrder.Turn third = order.next();
        second.done();
        third.awaitPredecessor();
        assertThat(timeouts).hasValue(1);
    }

    @Test
    void a_retried_batch_waits_for_nothing_and_holds_up_nobody() throws Exception {
        CommitOrder order = new CommitOrder(Duration.ofSeconds(30), timeouts::incrementAndGet);
        CommitOrder.Turn pending = order.next();
        CommitOrder.Turn retried = order.unordered();
        CompletableFuture.runAsync(retried::awaitPredecessor).get(5, TimeUnit.SECONDS);
        // A retry is not in the order: the next batch waits for the pending one, not for it.
        CommitOrder.Turn next = order.next();
        pending.done();
        CompletableFuture.runAsync(next::awaitPredecessor).get(5, TimeUnit.SECONDS);
        assertThat(timeouts).hasValue(0);
    }
}
