package io.coldchain.ingest.write;

import io.coldchain.core.changes.ReadingChangeStore;
import io.coldchain.core.config.IngestOptions;
import io.coldchain.core.model.RejectReason;
import io.coldchain.core.model.Rejection;
import io.coldchain.ingest.codec.DecodeResult;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the database write edge of ingest. Messages arrive on {@link #ADDRESS}; they are grouped
 * into batches (closed at {@code batchReadings} readings or {@code batchDelay} after the first
 * message), and each batch is committed in one transaction on a worker thread, at most
 * {@code writers} at a time. Only then is each message's {@code onCommitted} run, which
 * acknowledges it to the broker.
 *
 * <p>Parallel writers commit in the order their batches were formed, as far as a short wait allows
 * ({@link CommitOrder}): alerting then sees a sensor's readings in order.
 *
 * <p>When the database is down, the batch is retried with exponential backoff (never dropped);
 * meanwhile messages keep queueing here until the broker's receive maximum is reached, at which
 * point the broker stops sending: memory stays bounded by that window. A batch the database refuses
 * for its data (not for availability) is split until the one offending message is found, and that
 * message is recorded as rejected instead of blocking the stream.
 */
public final class ReadingWriterVerticle extends AbstractVerticle {
    public static final String ADDRESS = "coldchain.ingest.write";
    public static final String DRAIN_ADDRESS = "coldchain.ingest.drain";
    public static final DeliveryOptions LOCAL =
            new DeliveryOptions().setLocalOnly(true).setCodecName(LocalCodec.NAME);
    private static final Logger LOG = LoggerFactory.getLogger(ReadingWriterVerticle.class);
    /**
     * The longest a batch waits, before committing, for the batch formed ahead of it (a commit takes a
     * few to tens of milliseconds; see {@link CommitOrder}).
     */
    private static final Duration COMMIT_ORDER_WAIT = Duration.ofMillis(250);

    private final BatchWriter writer;
    private final IngestOptions options;
    private final IngestMetrics metrics;
    private final ArrayDeque<InboundMessage> queue = new ArrayDeque<>();
    private final List<Promise<Void>> drainWaiters = new ArrayList<>();
    private int queuedReadings;
    private int running;
    private long timer = -1;
    private boolean outage;
    private WorkerExecutor workers;
    private final CommitOrder order;

    public ReadingWriterVerticle(BatchWriter writer, IngestOptions options, IngestMetrics metrics) {
        this.writer = writer;
        this.options = options;
        this.metrics = metrics;
        this.order = new CommitOrder(COMMIT_ORDER_WAIT, metrics::commitOrderTimedOut);
    }

    @Override
    public void start(Promise<Void> startPromise) {
        workers = vertx.createSharedWorkerExecutor("coldchain-writer", options.writers());
        vertx.eventBus()
                .<InboundMessage>localConsumer(ADDRESS, m -> enqueue(m.body()))
                .completion()
                .compose(v -> vertx.eventBus()
                        .<Void>localConsumer(DRAIN_ADDRESS, m -> drained().onComplete(ar -> m.reply(null)))
                        .completion())
                .onComplete(startPromise);
    }

    /** Registers the pass-through codec for {@link InboundMessage}; call once per Vert.x instance. */
    public static void registerCodec(io.vertx.core.Vertx vertx) {
        vertx.eventBus().registerCodec(new LocalCodec());
    }

    private void enqueue(InboundMessage m) {
        queue.add(m);
        queuedReadings += m.readingCount();
        metrics.queuedReadings().set(queuedReadings);
        if (queuedReadings >= options.batchReadings()) {
            flush();
        } else if (timer < 0) {
            timer = vertx.setTimer(Math.max(1, options.batchDelay().toMillis()), t -> {
                timer = -1;
                flush();
            });
        }
    }

    /** Starts as many batches as there are free writers. */
    private void flush() {
        while (running < options.writers() && !queue.isEmpty()) {
            List<InboundMessage> batch = new ArrayList<>();
            int n = 0;
            while (!queue.isEmpty()
                    && (batch.isEmpty() || n + queue.peek().readingCount() <= options.batchReadings())) {
                InboundMessage m = queue.poll();
                n += m.readingCount();
                batch.add(m);
            }
            queuedReadings -= n;
            metrics.queuedReadings().set(queuedReadings);
            running++;
            write(batch, 0, order.next());
        }
        if (!queue.isEmpty() && timer < 0 && running < options.writers()) {
            timer = vertx.setTimer(Math.max(1, options.batchDelay().toMillis()), t -> {
                timer = -1;
                flush();
            });
        }
        checkDrained();
    }

    private void write(List<InboundMessage> batch, int attempt) {
        write(batch, attempt, order.unordered());
    }

    private void write(List<InboundMessage> batch, int attempt, CommitOrder.Turn turn) {
        long t0 = System.nanoTime();
        workers.<BatchOutcome>executeBlocking(() -> inTurn(batch, turn), false).onComplete(ar -> {
            if (ar.succeeded()) {
                long now = System.nanoTime();
                try {
                    for (InboundMessage m : batch) {
                        metrics.lag(now - m.receivedNanos());
                        committed(m);
                    }
                    metrics.committed(ar.result(), now - t0);
                    if (ar.result().changedSensors > 0) {
                        // Alerting polls too; this only makes it start at once.
                        vertx.eventBus().publish(ReadingChangeStore.WAKE_ADDRESS, null);
                    }
                    if (outage) {
                        outage = false;
                        LOG.info("Database writes succeed again; resuming ingest");
                    }
                } finally {
                    running--;
                    flush();
                }
            } else if (!transientFailure(ar.cause()) && batch.size() > 1) {
                // A data error, not an outage: isolate the offending message by halving.
                LOG.warn(
                        "Batch of {} messages refused by the database ({}); splitting to isolate the cause",
                        batch.size(),
                        ar.cause().getMessage());
                metrics.writeFailed();
                int half = batch.size() / 2;
                running++;
                write(new ArrayList<>(batch.subList(0, half)), 0);
                write(new ArrayList<>(batch.subList(half, batch.size())), 0);
            } else if (!transientFailure(ar.cause()) && batch.get(0).messageRejection() == null) {
                InboundMessage m = batch.get(0);
                LOG.error(
                        "Message on {} refused by the database, recorded as rejected: {}",
                        m.topic(),
                        ar.cause().getMessage());
                metrics.poison();
                write(List.of(asStoreFailure(m, ar.cause())), 0);
            } else if (!transientFailure(ar.cause())) {
                // Even the refusal record was refused for its content. Its text is sanitized, so this
                // should not happen; retrying would stall this gateway's stream for ever, so it is logged
                // in full, counted, and acknowledged.
                InboundMessage m = batch.get(0);
                LOG.error(
                        "Could not record the refusal of a message on {} ({} bytes): {}; acknowledging it to keep the stream moving",
                        m.topic(),
                        m.payload().length,
                        ar.cause().getMessage());
                metrics.poison();
                try {
                    committed(m);
                } finally {
                    running--;
                    flush();
                }
            } else {
                metrics.writeFailed();
                metrics.writeRetried();
                if (!outage) {
                    outage = true;
                    LOG.warn(
                            "Database write failed ({}); retrying with backoff, consumption pauses once {} messages are in flight",
                            ar.cause().getMessage(),
                            "receive-maximum");
                }
                long delay = Math.min(options.retryMax().toMillis(), 100L << Math.min(attempt, 16));
                vertx.setTimer(delay, t -> write(batch, attempt + 1));
            }
        });
    }

    /** Writes a batch on a writer thread, committing in {@code turn}, which is over whatever happens. */
    private BatchOutcome inTurn(List<InboundMessage> batch, CommitOrder.Turn turn) throws SQLException {
        try {
            return writer.write(batch, turn::awaitPredecessor);
        } finally {
            turn.done();
        }
    }

    /** The same message, refused whole with the database's reason, so that it is kept and acknowledged. */
    private static InboundMessage asStoreFailure(InboundMessage m, Throwable cause) {
        Rejection r = new Rejection(
                RejectReason.STORE_FAILED, null, "the database refused this message: " + cause.getMessage());
        DecodeResult refused =
                DecodeResult.refusal(m.decoded() != null ? m.decoded().topic() : m.statusTopic(), r);
        return new InboundMessage(
                m.topic(), m.payload(), m.receivedAt(), m.receivedNanos(), refused, null, null, null, m.onCommitted());
    }

    /**
     * Only a data error (SQLState class 22) or an integrity violation (23) is about the message
     * itself; everything else (connection, read-only after a failover, permissions, a missing
     * column) is about the database and is retried as it is, so that no reading is ever turned into
     * a refusal because of the server's state.
     */
    static boolean transientFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException e && e.getSQLState() != null) {
                String state = e.getSQLState();
                return !(state.startsWith("22") || state.startsWith("23"));
            }
        }
        return true;
    }

    /** Runs a message's acknowledgement; a failure there must not stop the others or the writer. */
    private void committed(InboundMessage m) {
        try {
            m.onCommitted().run();
        } catch (RuntimeException e) {
            LOG.warn(
                    "Acknowledging a message on {} failed: {} (the broker will redeliver it)", m.topic(), e.toString());
        }
    }

    /** Completes when every message received so far is committed. */
    private io.vertx.core.Future<Void> drained() {
        Promise<Void> p = Promise.promise();
        drainWaiters.add(p);
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        flush();
        return p.future();
    }

    private void checkDrained() {
        if (queue.isEmpty() && running == 0 && !drainWaiters.isEmpty()) {
            drainWaiters.forEach(Promise::tryComplete);
            drainWaiters.clear();
        }
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        drained().onComplete(ar -> {
            workers.close();
            stopPromise.complete();
        });
    }

    /** Passes {@link InboundMessage}s by reference: they never leave this JVM. */
    static final class LocalCodec implements MessageCodec<InboundMessage, InboundMessage> {
        static final String NAME = "coldchain-inbound";

        @Override
        public void encodeToWire(Buffer buffer, InboundMessage m) {
            throw new UnsupportedOperationException("local only");
        }

        @Override
        public InboundMessage decodeFromWire(int pos, Buffer buffer) {
            throw new UnsupportedOperationException("local only");
        }

        @Override
        public InboundMessage transform(InboundMessage m) {
            return m;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public byte systemCodecID() {
            return -1;
        }
    }
}
