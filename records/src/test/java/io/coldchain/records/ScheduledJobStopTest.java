package io.coldchain.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.records.job.ScheduledJobVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shutting Vert.x down while a records job runs: the run finishes and is accounted for, none follows. */
class ScheduledJobStopTest {
    private static RecordsFixture db;

    @BeforeAll
    static void start() {
        db = new RecordsFixture("jobstop");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void closing_vertx_during_a_run_waits_for_it_and_starts_no_other() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ScheduledJobVerticle job = new ScheduledJobVerticle(
                "stoptest",
                Duration.ofMillis(1),
                Duration.ofMillis(1),
                db.pool,
                (c, now) -> {
                    runs.incrementAndGet();
                    entered.countDown();
                    // The sealer's statement on a slow database: still going when the backend stops.
                    awaitRelease(release);
                    return "done";
                },
                meters,
                Clock.systemUTC());
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(job).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        Future<Void> closed = vertx.close();
        assertThat(closed.isComplete()).as("closed while the run is blocked").isFalse();
        release.countDown();
        closed.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        // The run's completion reached its context before Vert.x closed (it used to be rejected), and
        // the 1 ms timer started no other run while stopping.
        assertThat(meters.get("coldchain.records.job.runs")
                        .tag("job", "stoptest")
                        .tag("outcome", "ok")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(runs).hasValue(1);
    }

    private static void awaitRelease(CountDownLatch release) {
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
