package io.coldchain.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.simulator.gateway.RecordingLinks;
import io.coldchain.simulator.scenario.Scenario;
import io.coldchain.simulator.scenario.ScenarioLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Determinism and delivery faults, captured without a broker. */
class FleetSimulationTest {
    static final Instant START = Instant.parse("2026-11-20T04:00:00Z");

    private static RecordingLinks run(Scenario s, long seed, boolean faults) {
        RecordingLinks links = new RecordingLinks();
        new FleetSimulation(s, START, seed, faults, false, links, new SimStats(new SimpleMeterRegistry())).runToEnd();
        return links;
    }

    @Test
    void sameSeedGivesTheSameMessageSequence() {
        Scenario s = ScenarioLoader.load("dairy-morning-round");
        List<RecordingLinks.Event> a = run(s, 42, true).events();
        List<RecordingLinks.Event> b = run(s, 42, true).events();
        assertThat(a).hasSizeGreaterThan(500);
        assertThat(b).isEqualTo(a);
        // ... and paced in small increments (as the runner does against the clock) it is still the same.
        RecordingLinks paced = new RecordingLinks();
        FleetSimulation sim =
                new FleetSimulation(s, START, 42, true, false, paced, new SimStats(new SimpleMeterRegistry()));
        for (Instant t = START; !sim.finished(); t = t.plusSeconds(37)) {
            sim.advanceTo(t);
        }
        assertThat(paced.events()).isEqualTo(a);
    }

    @Test
    void anotherSeedGivesOtherNoise() {
        Scenario s = ScenarioLoader.load("dairy-morning-round");
        assertThat(run(s, 43, true).published()).isNotEqualTo(run(s, 42, true).published());
    }

    @Test
    void backlogReplayAndDuplicatesCarryExactlyTheReadingsOfACleanRun() {
        for (String name : ScenarioLoader.SHIPPED) {
            Scenario s = ScenarioLoader.load(name);
            Set<String> sensors = s.sensors().stream().map(Scenario.Sensor::id).collect(Collectors.toSet());
            RecordingLinks faulty = run(s, 5, true);
            RecordingLinks clean = run(s, 5, false);
            Map<String, TreeMap<Instant, PublishedReadings.Value>> a =
                    PublishedReadings.decode(faulty.published(), sensors);
            Map<String, TreeMap<Instant, PublishedReadings.Value>> b =
                    PublishedReadings.decode(clean.published(), sensors);
            assertThat(a).as(name).isEqualTo(b);
            // The faulty run really was faulty: dropped connections, more messages than the clean run,
            // and readings published out of event-time order.
            assertThat(faulty.events().stream().filter(e -> e.event().equals("drop")))
                    .as(name)
                    .isNotEmpty();
            assertThat(faulty.published().size())
                    .as(name)
                    .isGreaterThan(clean.published().size());
            assertThat(clean.events().stream().filter(e -> e.event().equals("drop")))
                    .as(name)
                    .isEmpty();
            assertThat(outOfOrder(faulty, sensors))
                    .as(name + " out-of-order readings")
                    .isPositive();
            assertThat(outOfOrder(clean, sensors))
                    .as(name + " clean run in order")
                    .isZero();
        }
    }

    /** How many times a sensor's reading arrives older than one already published for it. */
    private static long outOfOrder(RecordingLinks links, Set<String> sensors) {
        Map<String, Instant> latest = new TreeMap<>();
        long n = 0;
        for (RecordingLinks.Event e : links.published()) {
            Map<String, TreeMap<Instant, PublishedReadings.Value>> one = PublishedReadings.decode(List.of(e), sensors);
            for (Map.Entry<String, TreeMap<Instant, PublishedReadings.Value>> s : one.entrySet()) {
                Instant prev = latest.get(s.getKey());
                if (prev != null && s.getValue().firstKey().isBefore(prev)) {
                    n++;
                }
                latest.merge(s.getKey(), s.getValue().lastKey(), (x, y) -> x.isAfter(y) ? x : y);
            }
        }
        return n;
    }

    @Test
    void aGatewayThatCannotReachTheBrokerKeepsItsReadingsAndSendsThemLater() {
        Scenario s = ScenarioLoader.load("raw-milk-collection");
        Set<String> sensors = s.sensors().stream().map(Scenario.Sensor::id).collect(Collectors.toSet());
        RecordingLinks recorder = new RecordingLinks();
        // The broker refuses everything for the first 100 attempts (connects and publishes), then works.
        int[] attempts = {0};
        io.coldchain.simulator.gateway.GatewayLink.Factory flaky = (tenant, gateway) -> {
            io.coldchain.simulator.gateway.GatewayLink real = recorder.open(tenant, gateway);
            return new io.coldchain.simulator.gateway.GatewayLink() {
                @Override
                public boolean connect() {
                    return ++attempts[0] > 100 && real.connect();
                }

                @Override
                public boolean publish(String topic, byte[] payload) {
                    return ++attempts[0] > 100 && real.publish(topic, payload);
                }

                @Override
                public void drop() {
                    real.drop();
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        };
        SimStats stats = new SimStats(new SimpleMeterRegistry());
        new FleetSimulation(s, START, 5, false, false, flaky, stats).runToEnd();
        assertThat(attempts[0]).isGreaterThan(100);
        assertThat(stats.unsent()).isZero();
        assertThat(stats.messages("backlog")).isPositive();
        assertThat(PublishedReadings.decode(recorder.published(), sensors))
                .isEqualTo(PublishedReadings.decode(run(s, 5, false).published(), sensors));
    }

    @Test
    void noReadingIsStampedAfterTheEndPlusSkew() {
        Scenario s = ScenarioLoader.load("dairy-morning-round");
        Set<String> sensors = s.sensors().stream().map(Scenario.Sensor::id).collect(Collectors.toSet());
        Map<String, TreeMap<Instant, PublishedReadings.Value>> r =
                PublishedReadings.decode(run(s, 1, true).published(), sensors);
        Instant end = START.plusSeconds(6 * 3600);
        r.values().forEach(series -> {
            assertThat(series.firstKey()).isAfterOrEqualTo(START.minusSeconds(120));
            assertThat(series.lastKey()).isBeforeOrEqualTo(end.plusSeconds(120));
        });
        // The truck gateway's clock runs 15 s fast: its readings are at :15 past the minute.
        assertThat(r.get("truck-01-p1").firstKey()).isEqualTo(START.plusSeconds(15));
        assertThat(r.get("store-b-dc1-p1").firstKey()).isEqualTo(START.minusSeconds(30));
    }

    @Test
    void batteryDeclinesAndAnErraticSensorGoesWild() {
        Scenario s = ScenarioLoader.load("supermarket-weekend");
        Scenario.Sensor p = s.sensors().get(0);
        Scenario.Sensor dying = new Scenario.Sensor(
                p.id(),
                p.asset(),
                p.gateway(),
                p.measures(),
                p.intervalS(),
                p.noiseC(),
                p.offsetC(),
                p.driftCPerDay(),
                p.battery(),
                p.rh(),
                p.door(),
                p.calibrationDue(),
                p.expectedIntervalS(),
                new Scenario.Dying("30:00", "erratic", "31:00"));
        java.util.List<Scenario.Sensor> sensors = new java.util.ArrayList<>(s.sensors());
        sensors.set(0, dying);
        Scenario.Sensor stopped = sensors.get(1);
        sensors.set(
                1,
                new Scenario.Sensor(
                        stopped.id(),
                        stopped.asset(),
                        stopped.gateway(),
                        stopped.measures(),
                        stopped.intervalS(),
                        stopped.noiseC(),
                        stopped.offsetC(),
                        stopped.driftCPerDay(),
                        stopped.battery(),
                        stopped.rh(),
                        stopped.door(),
                        stopped.calibrationDue(),
                        stopped.expectedIntervalS(),
                        new Scenario.Dying("40:00", "stop", null)));
        Scenario modified = new Scenario(
                s.name(),
                s.description(),
                s.tenant(),
                s.duration(),
                s.stepS(),
                s.sites(),
                s.products(),
                s.batches(),
                s.assets(),
                s.gateways(),
                sensors,
                s.shipments(),
                s.placements(),
                s.faults(),
                s.expectedAlerts(),
                s.notes());
        Set<String> ids = Set.of(p.id(), stopped.id());
        Map<String, TreeMap<Instant, PublishedReadings.Value>> r =
                PublishedReadings.decode(run(modified, 3, false).published(), ids);

        TreeMap<Instant, PublishedReadings.Value> wild = r.get(p.id());
        double spread = wild.subMap(START.plusSeconds(30 * 3600), START.plusSeconds(31 * 3600)).values().stream()
                        .mapToDouble(PublishedReadings.Value::tempC)
                        .max()
                        .orElseThrow()
                - wild.subMap(START.plusSeconds(30 * 3600), START.plusSeconds(31 * 3600)).values().stream()
                        .mapToDouble(PublishedReadings.Value::tempC)
                        .min()
                        .orElseThrow();
        assertThat(spread).isGreaterThan(40);
        assertThat(r.get(stopped.id()).lastKey()).isBefore(START.plusSeconds(40 * 3600));
        assertThat(wild.firstEntry().getValue().batteryV())
                .isGreaterThan(wild.lastEntry().getValue().batteryV());
    }
}
