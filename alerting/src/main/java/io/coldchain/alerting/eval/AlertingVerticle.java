package io.coldchain.alerting.eval;

import io.coldchain.alerting.notify.NotificationVerticle;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.core.changes.ReadingChangeStore;
import io.coldchain.core.changes.ReadingChangeStore.Change;
import io.coldchain.core.config.AlertingOptions;
import io.coldchain.core.readings.ReadingQueryStore;
import io.coldchain.registry.RegisteredSensors;
import io.coldchain.registry.attribution.AttributionStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns alert evaluation: drains the queue of changed readings that ingest fills, evaluates each
 * sensor in event time, and writes alerts and their notification events in one transaction per
 * round; escalates unacknowledged alerts; looks for sensors that went silent.
 *
 * <p>Why one alert per episode, always: the queue row, the alert and the outbox event are
 * committed together (a crash before the commit leaves the row to be evaluated again, after it
 * nothing is left to do); a per-sensor advisory lock serializes instances on one sensor; and the
 * evaluation is a function of the stored readings, reconciled with the stored alerts, so doing it
 * twice changes nothing. Several instances share the queue through {@code SKIP LOCKED}.
 *
 * <p>All JDBC runs on this verticle's own single worker thread, never on the event loop; the event
 * loop only schedules rounds, at most one at a time.
 */
public final class AlertingVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(AlertingVerticle.class);
    /** Sensors per round from the per-sensor queue ({@code reading_changes}), all their rows with them. */
    private static final int CLAIM = 50;

    /**
     * Batches (rows of {@code reading_change_sets}) per round at most. Each names every registered sensor
     * of a batch ingest stored; a sensor named by several is evaluated once for all of them, so a
     * backlog of small batches is best claimed in large bites.
     */
    private static final int CLAIM_SETS = 200;

    /**
     * Sensor ranges a claim should take in all, whatever the number of batches: nothing is evaluated
     * while a claim is read, not even ahead of turn, yet a sensor is best evaluated once for many
     * batches (claims of 50,000 ranges left a warm-up backlog of 3.8 million undrained after 5 minutes).
     * The number of batches to ask for is sized from the batches claimed before ({@link #sensorsPerSet}).
     */
    private static final int CLAIM_SET_ENTRIES = 500_000;

    /**
     * Sensor ranges merged at a time within a claim, with a look in between ({@link #evaluateAhead}):
     * merging a whole claim took up to 0.8 s under load (`bench`, 10,000 registered sensors), the
     * longest wait of an excursion for its look.
     */
    private static final int PIECE_SET_ENTRIES = 50_000;

    /**
     * Sensors per evaluation transaction: its alerts are committed and notified together. Most of a
     * busy pass are quiet sensors passed in a few statements per chunk, so chunks are large; a chunk's
     * full evaluations are what delays its alerts.
     */
    private static final int CHUNK_SENSORS = 200;

    private static final Duration CHUNK = Duration.ofDays(1);

    /**
     * How long a chunk's full evaluations may run before it commits what it has and leaves the rest
     * for the next chunk: between chunks the evaluator looks for batches that may start an excursion
     * ({@link Lookahead}), and a chunk of 200 full evaluations took seconds.
     */
    private static final long CHUNK_BUDGET_NANOS = Duration.ofMillis(200).toNanos();

    private final DataSource ds;
    private final AlertingOptions options;
    private final AlertStore alerts = new AlertStore();
    private final ReadingQueryStore readings = new ReadingQueryStore();
    private final RegisteredSensors sensors = new RegisteredSensors();
    private final ReadingChangeStore changes = new ReadingChangeStore();
    private final SensorEvaluator evaluator;
    private final Lookahead lookahead;
    private final AlertSweep housekeeping;
    private final AlertMetrics metrics;
    private final Clock clock;

    private WorkerExecutor worker;
    private boolean running;
    private boolean again;
    /** Wakes the notifier once deployed; rounds run by a test without Vert.x notify no one. */
    private volatile Runnable eventsCommitted = () -> {};
    /** Set when stopping: a round finishing then must not ask the closed worker for another. */
    private volatile boolean stopped;
    /** Sensor ranges per claimed batch, as last claimed: sizes the next claim. Starts as if batches were large. */
    private double sensorsPerSet = 5_000;
    /** Runs before each look for batches queued during a round; a test's hook to queue one just then. */
    volatile Runnable beforeLook = () -> {};

    public AlertingVerticle(
            DataSource ds, AlertingOptions options, AlertEvents events, MeterRegistry registry, Clock clock) {
        this.ds = ds;
        this.options = options;
        this.clock = clock;
        TemperatureBands bands = new TemperatureBands();
        this.evaluator = new SensorEvaluator(options, new AttributionStore(), readings, alerts, events, bands);
        this.metrics = new AlertMetrics(registry);
        this.lookahead = new Lookahead(bands, changes, CHUNK_SENSORS, metrics.unknownLeft::increment);
        this.housekeeping = new AlertSweep(ds, options, clock, alerts, sensors, changes, events, metrics);
    }

    @Override
    public void start(Promise<Void> startPromise) {
        // One round is one task; the first evaluations of 10,000 sensors just registered took about a minute
        // in one round (bench), over Vert.x's default warning time for a worker task.
        worker = vertx.createSharedWorkerExecutor("coldchain-alerting-" + deploymentID(), 1, 5, TimeUnit.MINUTES);
        eventsCommitted = () -> vertx.eventBus().publish(NotificationVerticle.WAKE_ADDRESS, null);
        vertx.eventBus()
                .<Void>localConsumer(ReadingChangeStore.WAKE_ADDRESS, m -> drain())
                .completion()
                .onSuccess(v -> {
                    vertx.setPeriodic(1000, id -> drain());
                    vertx.setPeriodic(30_000, id -> sweep());
                    drain();
                })
                .onComplete(startPromise);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        // A round in progress finishes or rolls back with the pool; its queue rows stay for the next start.
        stopped = true;
        worker.close().onComplete(stopPromise);
    }

    /** Runs rounds until the queue is empty; a wake-up during a round asks for one more. */
    private void drain() {
        if (stopped) {
            return;
        }
        if (running) {
            again = true;
            return;
        }
        running = true;
        again = false;
        worker.executeBlocking(this::round, false).onComplete(ar -> {
            running = false;
            if (ar.failed()) {
                metrics.failures.increment();
                LOG.warn(
                        "Alert evaluation round failed, retried in a second: {}",
                        ar.cause().toString());
            } else {
                // Another round at once while the last one got work done: a claim takes every row of its
                // sensors, so "fewer rows than asked for" no longer means the queue is empty. Rows of a
                // sensor that failed stay queued and are tried on the next tick, not in a tight loop.
                if (ar.result().done() > 0 || again) {
                    drain();
                }
            }
        });
    }

    record Round(int claimed, int done, int events) {}

    /**
     * Claims queued changes and evaluates their sensors, then deletes what it claimed.
     *
     * <p>The claim is held in its own transaction for the whole round; the sensors are evaluated in
     * chunks of {@link #CHUNK_SENSORS}, each chunk committing its alerts and events in a transaction
     * of its own, so alerts go out while the rest of a large claim (a queued batch can name thousands
     * of sensors) is still being evaluated. A crash or stop before the claim commits leaves it all
     * queued, and evaluating a sensor again changes nothing that was already committed. A sensor that
     * failed is queued again as a change of its own.
     */
    Round round() throws SQLException {
        long t0 = System.nanoTime();
        try (Connection claimTx = ds.getConnection()) {
            claimTx.setAutoCommit(false);
            try {
                int sets = (int) Math.max(1, Math.min(CLAIM_SETS, CLAIM_SET_ENTRIES / Math.max(1, sensorsPerSet)));
                long c0 = System.nanoTime();
                int[] lookedEvents = {0};
                long[] lookNanos = {0};
                int setsPerPiece = (int) Math.max(1, PIECE_SET_ENTRIES / Math.max(1, sensorsPerSet));
                ReadingChangeStore.Claim claim = changes.claim(claimTx, CLAIM, sets, setsPerPiece, claimedSets -> {
                    long l0 = System.nanoTime();
                    lookahead.claimed(claimedSets); // a look reads what came after the claim
                    lookedEvents[0] += evaluateAhead(claimTx);
                    lookNanos[0] += System.nanoTime() - l0;
                });
                metrics.claimTime.record(Duration.ofNanos(System.nanoTime() - c0 - lookNanos[0]));
                if (claim.setIds().length > 0) {
                    sensorsPerSet = (double) claim.setEntries() / claim.setIds().length;
                }
                if (claim.isEmpty()) {
                    claimTx.rollback();
                    return new Round(0, 0, 0);
                }
                // Changes that may start an excursion first. Each chunk takes its locks in sensor order in one
                // statement: two instances can never wait on each other in a cycle.
                List<Change> all =
                        lookahead.hotFirst(List.copyOf(claim.bySensor().values()), claim.setIds());
                Deque<Change> work = new ArrayDeque<>(all);
                Set<Integer> judged = new HashSet<>(); // sensors whose pass failed: straight to the full evaluation
                List<Change> failed = new ArrayList<>();
                int events = lookedEvents[0];
                // A claim merged in pieces took a while: a look before its first chunk too. After a quick one
                // the look would mostly take the sensors the first chunk is about to evaluate anyway.
                boolean look = claim.setIds().length > setsPerPiece;
                while (!work.isEmpty()) {
                    if (stopped) {
                        claimTx.rollback(); // left queued for the next start; committed chunks stand
                        return new Round(all.size(), 0, events);
                    }
                    if (look) {
                        events += evaluateAhead(claimTx);
                    }
                    look = true;
                    List<Change> chunk = new ArrayList<>(CHUNK_SENSORS);
                    while (chunk.size() < CHUNK_SENSORS && !work.isEmpty()) {
                        chunk.add(work.poll());
                    }
                    List<Change> left = new ArrayList<>();
                    events += evaluateChunk(chunk, failed, left, judged, CHUNK_BUDGET_NANOS);
                    for (int j = left.size() - 1; j >= 0; j--) {
                        work.addFirst(left.get(j)); // next, after a look
                    }
                }
                requeue(claimTx, failed);
                changes.delete(claimTx, claim);
                claimTx.commit();
                int done = all.size() - failed.size();
                metrics.queue.set(Math.max(0, metrics.queue.get() - done));
                return new Round(all.size(), done, events);
            } catch (SQLException | RuntimeException e) {
                claimTx.rollback();
                throw e;
            }
        } finally {
            metrics.evaluationTime.record(Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /**
     * Evaluates, ahead of their turn, the sensors of batches queued since the round began that may start
     * an excursion ({@link Lookahead#ahead}): a large round takes seconds, and their alerts should not
     * wait for it. Their batches stay queued for a later round, so a failure here is retried there.
     */
    private int evaluateAhead(Connection claimTx) throws SQLException {
        beforeLook.run();
        List<Change> ahead = lookahead.ahead(claimTx);
        if (ahead.isEmpty()) {
            return 0;
        }
        List<Change> failed = new ArrayList<>();
        List<Change> left = new ArrayList<>();
        // No time budget: these are the sensors that may be in an excursion now; cut short, the rest would
        // wait for their turn.
        int events = evaluateChunk(ahead, failed, left, new HashSet<>(), Long.MAX_VALUE);
        metrics.ahead.increment(ahead.size() - failed.size());
        return events;
    }

    /**
     * Evaluates each sensor of {@code chunk} under its lock in one transaction and commits; a sensor
     * that fails is rolled back alone and added to {@code failed}. Full evaluations stop once the chunk
     * has run {@code budgetNanos}: the sensors not reached are added to {@code left}, to be
     * evaluated in a later chunk, and those whose quiet pass failed to {@code judged} (they are not
     * tried again). Returns the events written.
     */
    private int evaluateChunk(
            List<Change> chunk, List<Change> failed, List<Change> left, Set<Integer> judged, long budgetNanos)
            throws SQLException {
        int events = 0;
        Instant now = clock.instant();
        long start = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                // Every lock first, in sensor order (the chunk's order): then the quiet sensors pass together.
                SensorEvaluator.lockSensors(
                        c, chunk.stream().mapToInt(Change::sensorId).toArray());
                QuietPath.Passed quiet = passQuietAll(
                        c,
                        chunk.stream()
                                .filter(ch -> !judged.contains(ch.sensorId()))
                                .toList(),
                        now);
                Set<Integer> passed = quiet.sensors();
                metrics.quietPasses.increment(passed.size());
                metrics.quietPassesUnread.increment(quiet.unread());
                metrics.behindMark.increment(quiet.behindMark());
                int worked = 0;
                for (Change ch : chunk) {
                    if (passed.contains(ch.sensorId())) {
                        continue;
                    }
                    if (worked > 0 && System.nanoTime() - start > budgetNanos) {
                        left.add(ch); // its lock goes with this commit; the next chunk takes it again
                        continue;
                    }
                    worked++;
                    Savepoint sp = c.setSavepoint();
                    try {
                        if (judged.add(ch.sensorId())
                                && evaluator.passQuiet(c, ch.sensorId(), ch.from(), ch.to(), now)) {
                            c.releaseSavepoint(sp);
                            metrics.quietPasses.increment();
                            continue;
                        }
                        Outcome o = Outcome.NONE;
                        // A sensor's whole history (it was just registered) is evaluated a day at a time: the
                        // window of one evaluation stays bounded whatever the history's length.
                        for (Instant a = ch.from(); !a.isAfter(ch.to()); a = a.plus(CHUNK)) {
                            Instant b = a.plus(CHUNK).isBefore(ch.to()) ? a.plus(CHUNK) : ch.to();
                            o = o.plus(evaluator.evaluate(c, ch.sensorId(), a, b, now));
                        }
                        c.releaseSavepoint(sp);
                        metrics.evaluations.increment();
                        metrics.opened.increment(o.opened());
                        metrics.changed.increment(o.changed());
                        events += o.opened() + o.changed();
                    } catch (SQLException | RuntimeException ex) {
                        // This sensor is queued again and tried in a later round; the others go on.
                        c.rollback(sp);
                        failed.add(ch);
                        metrics.failures.increment();
                        LOG.error(
                                "Alert evaluation failed for sensor key {} ({}..{}); will retry",
                                ch.sensorId(),
                                ch.from(),
                                ch.to(),
                                ex);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (events > 0) {
            // Notified per chunk, not per round: a large claim's first alerts need not wait for its last.
            eventsCommitted.run();
        }
        return events;
    }

    /**
     * The chunk's quiet sensors passed together; none when that fails (rolled back alone, logged), and
     * each sensor then takes its own pass or full evaluation: a failure here must not stop alerting.
     */
    private QuietPath.Passed passQuietAll(Connection c, List<Change> chunk, Instant now) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            QuietPath.Passed passed = evaluator.passQuietAll(c, chunk, now);
            c.releaseSavepoint(sp);
            return passed;
        } catch (SQLException | RuntimeException e) {
            c.rollback(sp);
            metrics.failures.increment();
            LOG.warn("Passing {} quiet sensors together failed, each is judged alone: {}", chunk.size(), e.toString());
            return QuietPath.Passed.NONE;
        }
    }

    private void requeue(Connection c, List<Change> failed) throws SQLException {
        changes.record(
                c,
                failed.stream().mapToInt(Change::sensorId).toArray(),
                failed.stream().map(Change::from).toArray(Instant[]::new),
                failed.stream().map(Change::to).toArray(Instant[]::new));
    }

    /** Escalation and the live gap check, then the queue gauge. */
    private void sweep() {
        if (stopped) {
            return;
        }
        worker.executeBlocking(
                        () -> {
                            int escalated = housekeeping.escalate();
                            housekeeping.queueSilentSensors();
                            try (Connection c = ds.getConnection()) {
                                metrics.queue.set(changes.backlog(c));
                            }
                            return escalated;
                        },
                        false)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        metrics.failures.increment();
                        LOG.warn(
                                "Alert sweep failed, tried again in 30 s: {}",
                                ar.cause().toString());
                    } else {
                        if (ar.result() > 0) {
                            vertx.eventBus().publish(NotificationVerticle.WAKE_ADDRESS, null);
                        }
                        drain();
                    }
                });
    }

    /** {@link AlertSweep#escalate}; for tests. */
    int escalate() throws SQLException {
        return housekeeping.escalate();
    }

    /** {@link AlertSweep#queueSilentSensors}; for tests. */
    void queueSilentSensors() throws SQLException {
        housekeeping.queueSilentSensors();
    }
}
