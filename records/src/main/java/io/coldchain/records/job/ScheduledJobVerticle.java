package io.coldchain.records.job;

import io.coldchain.core.db.AdvisoryLocks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one database job of the records module on a timer: the day sealer, the retention job. Owns
 * nothing but its timer and a one-thread worker; the JDBC runs there, never on the event loop.
 *
 * <p>A run that is still going when the timer fires again is not started twice. Several backend
 * instances may run the same job: a session advisory lock named after the job lets one of them work
 * and the others skip that round.
 *
 * <p>A failed run (typically: the database was away) is tried again soon, after
 * {@link #RETRY_FIRST}, doubled per consecutive failure up to the job's period, instead of waiting a
 * whole period (15 minutes for the sealer).
 *
 * <p>Stopping waits for a run that is going before closing the worker: closing it under a run left
 * the run's completion with nowhere to go once Vert.x had closed (a RejectedExecutionException at
 * every shutdown), and the pool would be closed under its statements.
 *
 * <p>Metrics: {@code coldchain_records_job_runs_total{job, outcome=ok|failed|skipped}},
 * {@code coldchain_records_job_seconds{job}}.
 */
public final class ScheduledJobVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledJobVerticle.class);
    static final Duration RETRY_FIRST = Duration.ofSeconds(15);

    /** The work of one run, with a connection of its own; returns a line for the log. */
    @FunctionalInterface
    public interface Job {
        String run(Connection c, Instant now) throws SQLException;
    }

    private final String name;
    private final Duration every;
    private final Duration firstDelay;
    private final DataSource dataSource;
    private final Job job;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Counter ok;
    private final Counter failed;
    private final Counter skipped;
    private final Timer duration;

    private WorkerExecutor worker;
    private long timer = -1;
    private long retryTimer = -1;
    /** Consecutive failed runs; touched on this verticle's event loop only. */
    private int failures;
    /** The run going, or a completed future; touched on this verticle's event loop only. */
    private volatile Future<String> current = Future.succeededFuture("");

    private volatile boolean stopped;

    public ScheduledJobVerticle(
            String name,
            Duration every,
            Duration firstDelay,
            DataSource dataSource,
            Job job,
            MeterRegistry meters,
            Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.every = Objects.requireNonNull(every, "every");
        this.firstDelay = Objects.requireNonNull(firstDelay, "firstDelay");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.job = Objects.requireNonNull(job, "job");
        this.clock = Objects.requireNonNull(clock, "clock");
        ok = runs(meters, "ok");
        failed = runs(meters, "failed");
        skipped = runs(meters, "skipped");
        duration = Timer.builder("coldchain.records.job")
                .tag("job", name)
                .description("Duration of a records job run")
                .register(meters);
    }

    private Counter runs(MeterRegistry meters, String outcome) {
        return Counter.builder("coldchain.records.job.runs")
                .tag("job", name)
                .tag("outcome", outcome)
                .description("Runs of a records job")
                .register(meters);
    }

    @Override
    public void start(Promise<Void> startPromise) {
        Future.<Void>succeededFuture()
                .onSuccess(v -> {
                    // A run over every sensor takes minutes with tens of thousands of them: Vert.x's blocked
                    // thread warning (60 s by default) would fire on every such run, hiding real blocking.
                    worker = vertx.createSharedWorkerExecutor(
                            "coldchain-records-" + name, 1, 30, java.util.concurrent.TimeUnit.MINUTES);
                    timer = vertx.setPeriodic(
                            Math.max(1, firstDelay.toMillis()), Math.max(1, every.toMillis()), id -> runOnce());
                    LOG.info("Records job {} every {}", name, every);
                })
                .onComplete(startPromise);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        stopped = true;
        vertx.cancelTimer(timer);
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
        }
        current.transform(ar -> worker == null ? Future.<Void>succeededFuture() : worker.close())
                .onComplete(stopPromise);
    }

    /** Starts a run unless one is going; completes with the run's summary (or "skipped"). */
    public Future<String> runOnce() {
        if (stopped) {
            return Future.succeededFuture("skipped: stopping");
        }
        if (!running.compareAndSet(false, true)) {
            skipped.increment();
            return Future.succeededFuture("skipped: previous run still going");
        }
        Timer.Sample sample = Timer.start();
        current = worker.executeBlocking(this::runLocked, false).onComplete(ar -> {
            sample.stop(duration);
            running.set(false);
            if (ar.succeeded()) {
                failures = 0;
                (ar.result().startsWith("skipped") ? skipped : ok).increment();
                LOG.info("Records job {}: {}", name, ar.result());
            } else {
                failed.increment();
                Duration retry = retryDelay(++failures, every);
                LOG.warn("Records job {} failed; it runs again in {}", name, retry, ar.cause());
                if (retryTimer < 0 && retry.compareTo(every) < 0 && !stopped) {
                    retryTimer = vertx.setTimer(Math.max(1, retry.toMillis()), id -> {
                        retryTimer = -1;
                        runOnce();
                    });
                }
            }
        });
        return current;
    }

    /** The pause before retrying after {@code failures} consecutive failures: 15 s, 30 s, 60 s, … at most {@code every}. */
    static Duration retryDelay(int failures, Duration every) {
        Duration d = RETRY_FIRST.multipliedBy(1L << Math.min(failures - 1, 20));
        return d.compareTo(every) < 0 ? d : every;
    }

    private String runLocked() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!AdvisoryLocks.tryLock(c, lockName())) {
                return "skipped: another instance is running it";
            }
            try {
                return job.run(c, clock.instant());
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                AdvisoryLocks.unlock(c, lockName());
            }
        }
    }

    /** One lock per job name across every instance on the database. */
    private String lockName() {
        return "coldchain.records." + name;
    }
}
