package io.coldchain.simulator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a simulation has sent, as numbers for its handle and as Micrometer meters:
 * {@code coldchain_sim_messages_published_total{kind=readings|backlog|duplicate|malformed}},
 * {@code coldchain_sim_readings_total}, {@code coldchain_sim_backlog_messages{gateway}} (the offline
 * buffers: a queue) and {@code coldchain_sim_publish_failures_total} (publishes the broker refused).
 */
public final class SimStats {
    private final MeterRegistry registry;
    private final Map<String, Counted> published = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> backlog = new ConcurrentHashMap<>();
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong unsent = new AtomicLong();
    private final Counter readingsCounter;
    private final Counter failureCounter;

    public SimStats(MeterRegistry registry) {
        this.registry = registry;
        this.readingsCounter = Counter.builder("coldchain.sim.readings")
                .description("readings the simulated gateways produced")
                .register(registry);
        this.failureCounter = Counter.builder("coldchain.sim.publish.failures")
                .description("publishes that failed (broker unreachable or refused)")
                .register(registry);
    }

    void published(String kind, int messages) {
        published
                .computeIfAbsent(kind, k -> {
                    Counter c = Counter.builder("coldchain.sim.messages.published")
                            .tag("kind", k)
                            .description("messages the simulated gateways published")
                            .register(registry);
                    return new Counted(new AtomicLong(), c);
                })
                .add(messages);
    }

    void readings(int n) {
        readings.addAndGet(n);
        readingsCounter.increment(n);
    }

    void backlog(String gateway, int messages) {
        backlog.computeIfAbsent(gateway, g -> {
                    AtomicLong v = new AtomicLong();
                    Gauge.builder("coldchain.sim.backlog.messages", v, AtomicLong::get)
                            .tag("gateway", g)
                            .description("messages a gateway holds while it cannot reach the broker")
                            .register(registry);
                    return v;
                })
                .set(messages);
    }

    /** The run ended with {@code messages} of a gateway never sent (the broker stayed unreachable). */
    void unsent(String gateway, int messages) {
        unsent.addAndGet(messages);
        Counter.builder("coldchain.sim.unsent.messages")
                .tag("gateway", gateway)
                .description("messages a gateway still held when the run ended (broker unreachable)")
                .register(registry)
                .increment(messages);
        org.slf4j.LoggerFactory.getLogger(SimStats.class)
                .warn("gateway {}: {} messages never sent, the broker could not be reached", gateway, messages);
    }

    public long unsent() {
        return unsent.get();
    }

    /** A publish failed; the caller logs why. */
    public void failure() {
        failures.incrementAndGet();
        failureCounter.increment();
    }

    public long messages(String kind) {
        Counted n = published.get(kind);
        return n == null ? 0 : n.n().get();
    }

    public long messages() {
        return published.values().stream().mapToLong(c -> c.n().get()).sum();
    }

    public long readings() {
        return readings.get();
    }

    public long failures() {
        return failures.get();
    }

    public long backlog() {
        return backlog.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** A count kept for the handle and for Micrometer. */
    private record Counted(AtomicLong n, Counter counter) {
        void add(int k) {
            n.addAndGet(k);
            counter.increment(k);
        }

        @Override
        public String toString() {
            return Long.toString(n.get());
        }
    }

    @Override
    public String toString() {
        return "messages " + published + ", readings " + readings + ", failures " + failures + ", backlog " + backlog()
                + ", unsent " + unsent;
    }
}
