package io.coldchain.ingest.write;

import io.coldchain.core.model.RejectReason;
import io.coldchain.ingest.store.ReadingStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Every queue and every failure path of ingest, as Micrometer meters (Prometheus names in the
 * README): what came in, what was stored, refused (by reason), duplicated or conflicting, how big
 * and how slow the writes are, the receive-to-commit lag, and what is waiting.
 */
public final class IngestMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Map<RejectReason, Counter> messagesRejected = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, Counter> readingsRejected = new EnumMap<>(RejectReason.class);
    private final Counter accepted;
    private final Map<ReadingStore.WritePath, Counter> batchesByPath = new EnumMap<>(ReadingStore.WritePath.class);
    private final Counter duplicates;
    private final Counter conflicts;
    private final Counter writeFailures;
    private final Counter writeRetries;
    private final Counter poisonMessages;
    private final Counter commitOrderTimeouts;
    private final Counter ackFailures;
    private final Counter disconnects;
    private final Counter watchdogReconnects;
    private final DistributionSummary batchReadings;
    private final Timer writeTime;
    private final Timer commitLag;
    private final AtomicInteger inflightMessages = new AtomicInteger();
    private final AtomicInteger queuedReadings = new AtomicInteger();
    private volatile LongConsumer lagObserver;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (RejectReason r : RejectReason.values()) {
            messagesRejected.put(
                    r,
                    Counter.builder("coldchain.ingest.messages.rejected")
                            .tag("reason", r.code())
                            .description("Messages refused whole, by reason")
                            .register(registry));
            readingsRejected.put(
                    r,
                    Counter.builder("coldchain.ingest.readings.rejected")
                            .tag("reason", r.code())
                            .description("Single readings refused, by reason")
                            .register(registry));
        }
        // Registered up front so that every series exists (at 0) before the first message: dashboards
        // and alerts on rates then work from the start.
        for (String kind : new String[] {"readings", "senml", "status", "invalid"}) {
            received(kind, 0);
        }
        for (ReadingStore.WritePath p : ReadingStore.WritePath.values()) {
            batchesByPath.put(
                    p,
                    Counter.builder("coldchain.ingest.batches")
                            .tag("path", p.name().toLowerCase(java.util.Locale.ROOT))
                            .description("Committed write batches by path: direct COPY, careful (staging table and ON "
                                    + "CONFLICT), or collided (a direct COPY met a stored key, then careful)")
                            .register(registry));
        }
        accepted = Counter.builder("coldchain.ingest.readings.accepted")
                .description("Readings durably stored (new keys)")
                .register(registry);
        duplicates = Counter.builder("coldchain.ingest.readings.duplicate")
                .description("Readings whose key was already stored")
                .register(registry);
        conflicts = Counter.builder("coldchain.ingest.readings.conflict")
                .description("Duplicates with different values (kept for audit)")
                .register(registry);
        writeFailures = Counter.builder("coldchain.ingest.write.failures")
                .description("Batch writes that failed (each is retried)")
                .register(registry);
        writeRetries = Counter.builder("coldchain.ingest.write.retries")
                .description("Batch write retries")
                .register(registry);
        poisonMessages = Counter.builder("coldchain.ingest.write.poison")
                .description("Messages the database refused with a data error, recorded as rejected")
                .register(registry);
        commitOrderTimeouts = Counter.builder("coldchain.ingest.commit.order.timeouts")
                .description("Batches that committed before the batch formed ahead of them, after waiting the "
                        + "longest allowed for it (CommitOrder)")
                .register(registry);
        ackFailures = Counter.builder("coldchain.mqtt.ack.failures")
                .description("Acknowledgements the MQTT client could not send (the broker redelivers)")
                .register(registry);
        disconnects = Counter.builder("coldchain.mqtt.disconnects")
                .description("Losses of the broker connection")
                .register(registry);
        watchdogReconnects = Counter.builder("coldchain.mqtt.watchdog.reconnects")
                .description("Reconnects because the broker stopped delivering (no probe arrived)")
                .register(registry);
        batchReadings = DistributionSummary.builder("coldchain.ingest.batch.readings")
                .description("Readings per write batch")
                .register(registry);
        writeTime = Timer.builder("coldchain.ingest.write")
                .description("Time to write and commit one batch")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        commitLag = Timer.builder("coldchain.ingest.commit.lag")
                .description("From taking a message from the broker to its commit")
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(5))
                .distributionStatisticBufferLength(5)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        Gauge.builder("coldchain.ingest.inflight.messages", inflightMessages, AtomicInteger::get)
                .description("Messages taken from the broker and not yet committed (bounded by the receive maximum)")
                .register(registry);
        Gauge.builder("coldchain.ingest.queue.readings", queuedReadings, AtomicInteger::get)
                .description("Readings waiting for a write batch")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void received(String kind) {
        received(kind, 1);
    }

    private void received(String kind, int n) {
        received.computeIfAbsent(
                        kind,
                        k -> Counter.builder("coldchain.ingest.messages.received")
                                .tag("kind", k)
                                .description("Messages taken from the broker, by topic kind")
                                .register(registry))
                .increment(n);
    }

    public void committed(BatchOutcome o, long writeNanos) {
        accepted.increment(o.inserted);
        if (o.path != null) {
            batchesByPath.get(o.path).increment();
        }
        duplicates.increment(o.duplicates);
        conflicts.increment(o.conflicts);
        o.rejectedReadings.forEach((r, n) -> readingsRejected.get(r).increment(n));
        o.rejectedMessages.forEach((r, n) -> messagesRejected.get(r).increment(n));
        batchReadings.record(o.readings);
        writeTime.record(writeNanos, TimeUnit.NANOSECONDS);
    }

    public void lag(long nanos) {
        commitLag.record(nanos, TimeUnit.NANOSECONDS);
        LongConsumer o = lagObserver;
        if (o != null) {
            o.accept(nanos);
        }
    }

    /** Sees every receive-to-commit lag in nanoseconds (the benchmark's exact percentiles). */
    public void observeLag(LongConsumer observer) {
        this.lagObserver = observer;
    }

    public Timer commitLag() {
        return commitLag;
    }

    public void writeFailed() {
        writeFailures.increment();
    }

    public void writeRetried() {
        writeRetries.increment();
    }

    public void poison() {
        poisonMessages.increment();
    }

    public void commitOrderTimedOut() {
        commitOrderTimeouts.increment();
    }

    public void ackFailed() {
        ackFailures.increment();
    }

    public void watchdogReconnect() {
        watchdogReconnects.increment();
    }

    public void disconnected() {
        disconnects.increment();
    }

    public AtomicInteger inflightMessages() {
        return inflightMessages;
    }

    public AtomicInteger queuedReadings() {
        return queuedReadings;
    }

    /** Sum of a counter family, for tests and the benchmark. */
    public double count(String name) {
        return registry.find(name).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
