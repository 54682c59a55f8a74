package io.coldchain.app;

import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.simulator.LoadGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench}: end-to-end ingest throughput (publish → broker → decode → commit → PUBACK) and,
 * in the same run, the database-only ceiling (the same rows through the same store), with the
 * receive-to-commit lag and the heap. The last line is a one-line summary.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        subcommands = RecordsBenchCommand.class,
        description = "Measure sustained ingest: readings/s end to end vs. straight into the database.")
public final class BenchCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(
            names = "--readings",
            defaultValue = "2000000",
            description = "Readings to publish in the measured run (default ${DEFAULT-VALUE}).")
    long readings;

    @Option(
            names = "--warmup",
            defaultValue = "500000",
            description = "Readings published in each warm-up round, not measured (default ${DEFAULT-VALUE}).")
    long warmup;

    @Option(
            names = "--gateways",
            defaultValue = "4",
            description = "Publishing gateways, one MQTT connection each (default ${DEFAULT-VALUE}).")
    int gateways;

    @Option(names = "--sensors", defaultValue = "50", description = "Sensors per gateway (default ${DEFAULT-VALUE}).")
    int sensors;

    @Option(
            names = "--per-message",
            defaultValue = "50",
            description = "Readings per MQTT message (default ${DEFAULT-VALUE}, a gateway's message).")
    int perMessage;

    @Option(
            names = "--inflight",
            defaultValue = "100",
            description = "Unacknowledged QoS 1 messages per gateway (default ${DEFAULT-VALUE}).")
    int inflight;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description = "Target readings/s over all gateways; 0 = as fast as possible.")
    long rate;

    @Option(
            names = "--alert-probes",
            defaultValue = "200",
            description =
                    "Excursions published to time reading-to-alert latency under half the end-to-end rate; 0 skips it (default ${DEFAULT-VALUE}).")
    int alertProbes;

    @Option(
            names = "--warmup-rounds",
            defaultValue = "8",
            description = "At most this many warm-up rounds; they stop once the JIT compilers took under 10 % of "
                    + "one core in a round, as in a server that has been running (default ${DEFAULT-VALUE}).")
    int warmupRounds;

    @Option(
            names = "--copy-sessions",
            defaultValue = "2",
            description = "Sessions of the direct-COPY ceiling (default ${DEFAULT-VALUE}).")
    int copySessions;

    @Option(
            names = "--store-ceiling",
            description = "Also write the same rows through ingest's own BatchWriter (the store's ceiling).")
    boolean storeCeiling;

    @Option(
            names = "--registered",
            description = "Register every load sensor first (cold rooms holding a dairy batch), so that alerting "
                    + "evaluates every reading; warm-up, measured run and background publish for them.")
    boolean registered;

    /** The registered tenant under {@code --registered}, else null (unregistered tenants, alerting idle). */
    private BenchRegistry registry;

    @Override
    public Integer call() throws Exception {
        BenchConfig bench = BenchConfig.load(config, "coldchain-bench");
        ColdchainConfig cfg = bench.config;

        String run = Long.toString(System.currentTimeMillis(), 36);
        HeapSampler heap = new HeapSampler();
        System.out.println("Load average before the start (/proc/loadavg): " + loadAverage());
        String summary;
        try (Backend backend = new Backend(cfg).start()) {
            heap.start();
            String broker = cfg.mqtt().brokerUrl();
            System.out.printf(
                    "Coldchain bench on %d cores, heap max %d MB, %s, database %s, broker %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20,
                    backend.storage().timescale()
                            ? "TimescaleDB " + backend.storage().version()
                            : "plain PostgreSQL",
                    backend.jdbcUrl(),
                    broker);
            if (cfg.db().embedded()) {
                System.out.println(
                        cfg.db().embeddedDurable()
                                ? "Embedded database durable (fsync and synchronous commit on), as under run"
                                : "Embedded database NOT durable (fsync and synchronous commit off, the bench's default; db.embedded.durable=true to measure as run)");
            }
            System.out.printf(
                    "Plan: %,d readings in messages of %d, %d gateways x %d sensors, QoS 1, %s; batches of %d, %d writers%n",
                    readings,
                    perMessage,
                    gateways,
                    sensors,
                    rate == 0 ? "as fast as possible" : rate + " readings/s",
                    cfg.ingest().batchReadings(),
                    cfg.ingest().writers());
            if (registered) {
                registry = new BenchRegistry(backend, "bench-reg-" + run, gateways, sensors);
                Duration took = registry.register(warmup * warmupRounds + readings);
                System.out.printf(
                        "Registered %,d sensors through the HTTP API in %.1f s: bound to their gateways, in cold rooms "
                                + "of %d, each holding a batch of a product with profile %s (2-6 °C; the load's "
                                + "4.0-5.9 °C opens no alert)%n",
                        registry.sensors(),
                        took.toMillis() / 1000.0,
                        BenchRegistry.SENSORS_PER_ROOM,
                        BenchRegistry.PROFILE);
            }

            warmUp(backend, broker, run);
            Histogram lag = new Histogram(3_600_000_000_000L, 3);
            double evaluationsBefore = backend.metrics().count("coldchain.alert.evaluations");
            double passesBefore = backend.metrics().count("coldchain.alert.quiet.passes");
            double unreadBefore = backend.metrics().count("coldchain.alert.quiet.passes.unread");
            double behindBefore = backend.metrics().count("coldchain.alert.quiet.behind.mark");
            double openedBefore = backend.metrics().count("coldchain.alerts.opened");
            long jitBefore = jitMillis();
            long t0 = System.nanoTime();
            long[] lastCommit = new long[1];
            LoadGenerator.Result pub = publishAndWait(backend, broker, "bench-" + run, readings, lag);
            lastCommit[0] = System.nanoTime();
            long backlog = BenchRegistry.backlog(backend);
            Duration drained = BenchRegistry.drain(backend, Duration.ofMinutes(5));
            double drainS = drained == null ? -1 : drained.toMillis() / 1000.0;
            double e2eSeconds = (lastCommit[0] - pub.firstPublishNanos()) / 1e9;
            double e2e = pub.readings() / e2eSeconds;
            System.out.printf(
                    "End to end: %,d readings in %.2f s = %,.0f readings/s (publish side %,.0f readings/s)%n",
                    pub.readings(), e2eSeconds, e2e, pub.publishRate());
            long jit = jitMillis() - jitBefore;
            System.out.printf(
                    "JIT compilation during the measured run: %,d ms (%.0f %% of one core; a long-running server has none)%n",
                    jit, 100.0 * jit / 1000 / e2eSeconds);
            double p50 = lag.getValueAtPercentile(50) / 1e6;
            double p99 = lag.getValueAtPercentile(99) / 1e6;
            System.out.printf(
                    "Receive-to-commit lag: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d messages)%n",
                    p50, p99, lag.getMaxValue() / 1e6, lag.getTotalCount());
            double evaluations = backend.metrics().count("coldchain.alert.evaluations") - evaluationsBefore;
            double passes = backend.metrics().count("coldchain.alert.quiet.passes") - passesBefore;
            double unread = backend.metrics().count("coldchain.alert.quiet.passes.unread") - unreadBefore;
            double behind = backend.metrics().count("coldchain.alert.quiet.behind.mark") - behindBefore;
            System.out.printf(
                    "Alert evaluator (%s, %,d sensors): backlog at the last commit %,d sensors' changes "
                            + "(queued entries), empty %s later; %,.0f full sensor evaluations and %,.0f quiet "
                            + "passes, %,.0f of them decided without reading the readings back (%s/s together, "
                            + "from the first publish until empty), %,.0f alerts opened; %,.0f changes of quiet "
                            + "sensors began at or before their quiet mark%n",
                    registered ? "registered=true" : "registered=false: nothing to evaluate",
                    gateways * sensors,
                    backlog,
                    drained == null ? "not after 5 minutes" : String.format("%.1f s", drainS),
                    evaluations,
                    passes,
                    unread,
                    // Not emptied: the evaluations counted include the 5 minutes of waiting, no rate to give.
                    drained == null ? "n/a" : String.format("%,.0f", (evaluations + passes) / (e2eSeconds + drainS)),
                    backend.metrics().count("coldchain.alerts.opened") - openedBefore,
                    behind);

            heap.stop();
            LoadGenerator.Plan same =
                    plan("bench-copy-" + run, pub.readings(), 0, Instant.now().minus(Duration.ofDays(2)));
            CopyCeiling ceiling = new CopyCeiling(
                    backend.pool(),
                    backend.storage().timescale(),
                    copySessions,
                    cfg.ingest().batchReadings());
            double textCopy = ceiling.measure(same, false);
            double binaryCopy = ceiling.measure(
                    plan("bench-copyb-" + run, pub.readings(), 0, Instant.now().minus(Duration.ofDays(2))), true);
            String into = backend.storage().timescale() ? "hypertable" : "table";
            System.out.printf(
                    "Direct COPY ceiling (same rows into an equivalent %s, %d sessions, %d rows a transaction): "
                            + "text %,.0f readings/s, binary in key order %,.0f readings/s%n",
                    into, copySessions, cfg.ingest().batchReadings(), textCopy, binaryCopy);
            if (storeCeiling) {
                System.out.printf(
                        "Through ingest's store (BatchWriter, %d writers): %,.0f readings/s%n",
                        cfg.ingest().writers(),
                        StoreCeiling.measure(
                                backend,
                                plan(
                                        "bench-db-" + run,
                                        pub.readings(),
                                        0,
                                        Instant.now().minus(Duration.ofDays(2)))));
            }
            double ratio = e2e / textCopy;
            double ratioBinary = e2e / binaryCopy;
            System.out.printf(
                    "End to end / direct COPY: %.2f of the text COPY (issue 12's ceiling), %.2f of the binary COPY; "
                            + "load average now: %s%n",
                    ratio, ratioBinary, loadAverage());
            System.out.printf(
                    "Heap during the end-to-end runs: peak used %d MB of max %d MB%n",
                    heap.peak() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            String alerts = "";
            if (alertProbes > 0) {
                long half = (long) (e2e / 2);
                Duration every = Duration.ofMillis(50);
                long backgroundReadings = half * (alertProbes * every.toMillis() / 1000 + 6);
                if (registry != null && registry.fitting(backgroundReadings) < backgroundReadings) {
                    System.out.printf(
                            "Background load cut to %,d readings: more would be over 5 minutes ahead of the clock "
                                    + "(more sensors spread it)%n",
                            backgroundReadings = registry.fitting(backgroundReadings));
                }
                LoadGenerator.Plan background =
                        loadPlan(backend, broker, "bench-bg-" + run, backgroundReadings, half, false);
                double[] before = alertCounts(backend);
                AlertLatencyProbe.Result a =
                        new AlertLatencyProbe(backend, broker).run(alertProbes, every, half, background);
                double[] after = alertCounts(backend);
                System.out.printf(
                        "Alert evaluator during the probes: %,.0f full sensor evaluations, %,.0f quiet passes, %,.0f "
                                + "evaluated ahead of their turn (%,.0f of unknown limits left to their turn); %,.0f claims, %.0f "
                                + "ms each on average, the longest %.0f ms%n",
                        after[0] - before[0],
                        after[1] - before[1],
                        after[2] - before[2],
                        after[6] - before[6],
                        after[3] - before[3],
                        after[3] > before[3] ? (after[4] - before[4]) / (after[3] - before[3]) : 0,
                        after[5]);
                System.out.printf(
                        "Reading to alert on the MQTT alert topic, under %,d readings/s of background load "
                                + "(achieved %,.0f/s): p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d of %d alerts received)%n",
                        half, a.backgroundRate(), a.p50Ms(), a.p99Ms(), a.maxMs(), a.received(), a.probes());
                System.out.println("Slowest probes (numbered in publish order, one every " + every.toMillis() + " ms): "
                        + a.slowest());
                // With track_commit_timestamp on, these split each probe's time into ingest, evaluation and
                // notification.
                System.out.println("Probes' excursion readings published at (UTC): " + a.publishedAt());
                alerts = String.format(
                        " alert_p50_ms=%.1f alert_p99_ms=%.1f alerts=%d/%d",
                        a.p50Ms(), a.p99Ms(), a.received(), a.probes());
            }
            summary = String.format(
                    "SUMMARY registered=%s sensors=%d readings=%d per_message=%d e2e_readings_per_s=%.0f lag_p50_ms=%.1f lag_p99_ms=%.1f copy_text_readings_per_s=%.0f copy_binary_readings_per_s=%.0f ratio=%.2f ratio_binary=%.2f heap_peak_mb=%d heap_max_mb=%d alert_backlog_end=%d alert_drain_s=%.1f%s elapsed_s=%.1f",
                    registered,
                    gateways * sensors,
                    pub.readings(),
                    perMessage,
                    e2e,
                    p50,
                    p99,
                    textCopy,
                    binaryCopy,
                    ratio,
                    ratioBinary,
                    heap.peak() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20,
                    backlog,
                    drainS,
                    alerts,
                    (System.nanoTime() - t0) / 1e9);
        } finally {
            heap.stop();
            bench.close();
        }
        // Printed after the backend has stopped, so that it is the last line of the output.
        System.out.println(summary);
        return 0;
    }

    private LoadGenerator.Result publishAndWait(Backend backend, String broker, String tenant, long n, Histogram lag)
            throws Exception {
        double before = backend.metrics().count("coldchain.ingest.readings.accepted");
        if (lag != null) {
            backend.metrics().observeLag(nanos -> {
                synchronized (lag) {
                    lag.recordValue(Math.max(1, nanos));
                }
            });
        }
        LoadGenerator.Result r = new LoadGenerator(loadPlan(backend, broker, tenant, n, rate, lag != null)).run();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (backend.metrics().count("coldchain.ingest.readings.accepted") - before < r.readings()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "only " + (backend.metrics().count("coldchain.ingest.readings.accepted") - before) + " of "
                                + r.readings() + " readings stored after 5 minutes");
            }
            Thread.sleep(2);
        }
        backend.metrics().observeLag(null);
        return r;
    }

    /**
     * What to publish and how to log in: for {@code tenant} two days back (unregistered), or under
     * {@code --registered} for the registered tenant, after its previous series, the {@code measured} run
     * ending about now.
     */
    /**
     * Full evaluations, quiet passes and evaluations ahead of turn so far; claims, their total time and
     * the longest of the last two minutes (ms).
     */
    private static double[] alertCounts(Backend backend) {
        io.micrometer.core.instrument.Timer claims =
                backend.metrics().registry().timer("coldchain.alert.claim");
        return new double[] {
            backend.metrics().count("coldchain.alert.evaluations"),
            backend.metrics().count("coldchain.alert.quiet.passes"),
            backend.metrics().count("coldchain.alert.evaluations.ahead"),
            claims.count(),
            claims.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS),
            claims.max(java.util.concurrent.TimeUnit.MILLISECONDS),
            backend.metrics().count("coldchain.alert.lookahead.unknown.left")
        };
    }

    private LoadGenerator.Plan loadPlan(
            Backend backend, String broker, String tenant, long n, long perSecond, boolean measured) throws Exception {
        if (registry == null) {
            LoadGenerator.Plan p =
                    plan(broker, tenant, n, perSecond, Instant.now().minus(Duration.ofDays(2)));
            return p.withLogins(MqttLogins.gateways(backend, tenant, p.gatewayIds()));
        }
        Instant first = measured ? registry.takeEndingNow(n) : registry.take(n);
        return plan(broker, registry.tenant(), n, perSecond, first).withLogins(registry.logins());
    }

    private LoadGenerator.Plan plan(String broker, String tenant, long n, long readingsPerSecond, Instant firstTs) {
        return new LoadGenerator.Plan(
                broker, tenant, gateways, sensors, perMessage, n, readingsPerSecond, firstTs, inflight);
    }

    private LoadGenerator.Plan plan(String tenant, long n, long readingsPerSecond, Instant firstTs) {
        return plan("tcp://unused:1", tenant, n, readingsPerSecond, firstTs);
    }

    /**
     * Publishes warm-up rounds until the JIT compilers are nearly idle. On 2 cores one short round
     * leaves compilations that take a third of the CPU in the measured run (tiered compilation moves
     * on only under load); a server that has run for minutes has none.
     */
    private void warmUp(Backend backend, String broker, String run) throws Exception {
        for (int round = 1; warmup > 0 && round <= warmupRounds; round++) {
            long jit0 = jitMillis();
            long t = System.nanoTime();
            publishAndWait(backend, broker, "bench-warm-" + round + "-" + run, warmup, null);
            double seconds = (System.nanoTime() - t) / 1e9;
            double jitShare = (jitMillis() - jit0) / 1000.0 / seconds;
            System.out.printf(
                    "Warm-up round %d: %,d readings stored in %.1f s, JIT compilers %.0f %% of one core%n",
                    round, warmup, seconds, 100 * jitShare);
            if (jitShare < 0.10) {
                break;
            }
        }
        if (registry != null) {
            // The measured run starts with the evaluator idle, as ingest does: the warm-up's queue is not its work.
            long backlog = BenchRegistry.backlog(backend);
            Duration drained = BenchRegistry.drain(backend, Duration.ofMinutes(5));
            System.out.printf(
                    "Alert evaluator after the warm-up: %,d changes queued, empty %s later%n",
                    backlog,
                    drained == null ? "not after 5 minutes" : String.format("%.1f s", drained.toMillis() / 1000.0));
        }
    }

    /** Time the JIT compilers have spent so far (a warm-up too short leaves them busy in the measured run). */
    private static long jitMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** The machine's load (1, 5, 15 minutes), printed with every figure: the machine may be shared. */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .trim()
                    .split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown (no /proc/loadavg)";
        }
    }
}
