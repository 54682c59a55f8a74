package io.coldchain.simulator;

import io.coldchain.simulator.gateway.GatewayLink;
import io.coldchain.simulator.gateway.GatewayLogin;
import io.coldchain.simulator.gateway.MqttLinks;
import io.coldchain.simulator.scenario.Offset;
import io.coldchain.simulator.scenario.Scenario;
import io.coldchain.simulator.scenario.ScenarioLoader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scenario against a real broker (and, when given, registers it through the HTTP API
 * first): the Java entry point for {@code coldchain demo}, end-to-end tests and {@link SimulatorMain}.
 *
 * <pre>
 *   Scenario s = ScenarioLoader.load("dairy-morning-round");
 *   ScenarioRunner.Handle h = ScenarioRunner.start(s, SimOptions.of(brokerUrl)
 *       .withApi(URI.create("http://localhost:8080"), adminToken).withTenant("e2e-1").withSpeed(0));
 *   h.awaitDone(Duration.ofMinutes(2));   // or h.stop()
 * </pre>
 */
public final class ScenarioRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);
    private static final long TICK_MS = 50;

    private ScenarioRunner() {}

    /** A running scenario. */
    public interface Handle extends AutoCloseable {
        /** The scenario as run (the tenant override applied): its {@code expected_alerts} are the design. */
        Scenario scenario();

        /** The simulated start: offsets in the scenario file are from this instant. */
        Instant start();

        /** The simulated end (start + duration). */
        Instant end();

        /** Where the simulated clock is. */
        Instant simulatedNow();

        SimStats stats();

        /** True once every reading of the scenario is published and the gateways are disconnected. */
        boolean done();

        /** Waits until done; false on timeout. Rethrows what made the run fail. */
        boolean awaitDone(Duration timeout) throws InterruptedException;

        /** Stops now: what the gateways hold is published, then they disconnect. Idempotent. */
        void stop();

        @Override
        default void close() {
            stop();
        }
    }

    public static Handle start(String nameOrFile, SimOptions options) {
        return start(ScenarioLoader.load(nameOrFile), options);
    }

    /**
     * Registers the scenario (when {@code options.apiUrl()} is set; synchronously, so a refusal is
     * thrown here), connects its gateways and starts publishing on a thread of its own.
     */
    public static Handle start(Scenario scenario, SimOptions options) {
        Scenario s = (options.tenant() == null ? scenario : scenario.withTenant(options.tenant()))
                .withIdSuffix(options.idSuffix());
        Duration duration = Offset.parse("duration", s.duration());
        Instant start = options.start() != null
                ? options.start()
                : Instant.now().minus(duration).truncatedTo(ChronoUnit.MINUTES);
        Map<String, GatewayLogin> logins = Map.of();
        if (options.apiUrl() != null) {
            if (options.token() == null) {
                throw new IllegalArgumentException("an admin token is needed to register the scenario through the API");
            }
            RegistrySetup setup = new RegistrySetup(options.apiUrl(), options.token());
            setup.register(s, start);
            // The gateways log in with credentials of their own (contract §5), as real ones do.
            logins = setup.gatewayLogins(s);
        }
        SimStats stats = new SimStats(options.meters());
        GatewayLink.Factory links = new MqttLinks(
                options.brokerUrl(),
                options.mqttVersion(),
                "sim-" + Long.toString(System.nanoTime() & 0xffffff, 36),
                stats,
                logins);
        return run(s, start, options, links, stats);
    }

    /** Like {@link #start(Scenario, SimOptions)} with given links and no registry (tests). */
    static Handle run(Scenario s, Instant start, SimOptions options, GatewayLink.Factory links, SimStats stats) {
        FleetSimulation sim =
                new FleetSimulation(s, start, options.seed(), options.deliveryFaults(), options.live(), links, stats);
        SimClock clock = new SimClock(Clock.systemUTC(), start, options.speed());
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicReference<Instant> simNow = new AtomicReference<>(start);
        Thread t = new Thread(
                () -> {
                    try {
                        while (!sim.finished() && !stopping.get()) {
                            Instant now = clock.now();
                            sim.advanceTo(now);
                            simNow.set(now.isAfter(sim.end()) && !options.live() ? sim.end() : now);
                            if (!sim.finished()) {
                                Thread.sleep(TICK_MS);
                            }
                        }
                        sim.finish();
                        LOG.info("scenario {} (tenant {}) done: {}", s.name(), s.tenant(), stats);
                    } catch (InterruptedException e) {
                        sim.finish();
                    } catch (RuntimeException e) {
                        failure.set(e);
                        LOG.error("scenario {} failed", s.name(), e);
                    } finally {
                        done.countDown();
                    }
                },
                "sim-" + s.name());
        t.setDaemon(true);
        t.start();
        return new Handle() {
            @Override
            public Scenario scenario() {
                return s;
            }

            @Override
            public Instant start() {
                return start;
            }

            @Override
            public Instant end() {
                return sim.end();
            }

            @Override
            public Instant simulatedNow() {
                return simNow.get();
            }

            @Override
            public SimStats stats() {
                return stats;
            }

            @Override
            public boolean done() {
                return done.getCount() == 0;
            }

            @Override
            public boolean awaitDone(Duration timeout) throws InterruptedException {
                boolean ok = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (failure.get() != null) {
                    throw new IllegalStateException(
                            "scenario " + s.name() + " failed: " + failure.get().getMessage(), failure.get());
                }
                return ok;
            }

            @Override
            public void stop() {
                stopping.set(true);
                try {
                    done.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
