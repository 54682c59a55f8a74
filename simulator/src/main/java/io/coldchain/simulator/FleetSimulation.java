package io.coldchain.simulator;

import io.coldchain.simulator.gateway.GatewayLink;
import io.coldchain.simulator.gateway.SimReading;
import io.coldchain.simulator.scenario.Offset;
import io.coldchain.simulator.scenario.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario being simulated, in simulated time only: a fixed step ({@code step_s}, 10 s by
 * default), and per step the assets' physics, the probes' samples and the gateways' publishing,
 * always in the file's order. Nothing here reads the wall clock or shares a random generator
 * between entities (each asset, probe and gateway has its own, derived from the seed and its id),
 * so the same scenario, start and seed give the same calls to the links, however fast the
 * simulation is driven ({@link ScenarioRunner} paces it against the real clock).
 */
public final class FleetSimulation {
    private final Scenario scenario;
    private final Instant start;
    private final long durationS;
    private final int step;
    private final boolean live;
    private final List<AssetSim> assets = new ArrayList<>();
    private final List<SensorSim> sensors = new ArrayList<>();
    private final Map<String, GatewaySim> gateways = new LinkedHashMap<>();
    private long next; // seconds from the start of the next step
    private boolean started;
    private boolean finished;

    /**
     * @param deliveryFaults false: no outages, duplicates or malformed messages (the "clean run"
     *     a faulty run is compared with)
     * @param live keep going after the scenario's duration (no more scheduled faults), for demos
     */
    public FleetSimulation(
            Scenario scenario,
            Instant start,
            long seed,
            boolean deliveryFaults,
            boolean live,
            GatewayLink.Factory links,
            SimStats stats) {
        this.scenario = scenario;
        this.start = start;
        this.durationS = Offset.parse("duration", scenario.duration()).toSeconds();
        this.step = scenario.step();
        this.live = live;
        Map<String, AssetSim> byId = new LinkedHashMap<>();
        for (Scenario.Asset a : scenario.assets()) {
            AssetSim sim = new AssetSim(a, scenario.faults(), seedFor(seed, "asset:" + a.id()));
            assets.add(sim);
            byId.put(a.id(), sim);
        }
        for (Scenario.Sensor s : scenario.sensors()) {
            sensors.add(new SensorSim(s, byId.get(s.asset()), seedFor(seed, "sensor:" + s.id())));
        }
        for (Scenario.Gateway g : scenario.gateways()) {
            String foreign = scenario.sensors().stream()
                    .filter(s -> !s.gateway().equals(g.id()))
                    .map(Scenario.Sensor::id)
                    .findFirst()
                    .orElse(null);
            gateways.put(
                    g.id(),
                    new GatewaySim(
                            g,
                            scenario.tenant(),
                            links.open(scenario.tenant(), g.id()),
                            seedFor(seed, "gateway:" + g.id()),
                            stats,
                            deliveryFaults,
                            foreign));
        }
    }

    /** A generator seed per entity: adding an entity to a scenario does not change the others' numbers. */
    static long seedFor(long seed, String id) {
        long h = seed * 0x9E3779B97F4A7C15L + id.hashCode();
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 29);
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return start.plusSeconds(durationS);
    }

    /** The simulated instant of the next step. */
    public Instant next() {
        return start.plusSeconds(next);
    }

    public boolean finished() {
        return finished;
    }

    /** Runs every step whose time is at or before {@code t} (and, unless live, not after the end). */
    public void advanceTo(Instant t) {
        if (!started) {
            gateways.values().forEach(GatewaySim::start);
            started = true;
        }
        while (!finished && !start.plusSeconds(next).isAfter(t)) {
            if (!live && next > durationS) {
                finish();
                return;
            }
            runStep(next);
            next += step;
        }
    }

    /** Runs the whole scenario at once (tests, and runs that do not pace against the clock). */
    public void runToEnd() {
        advanceTo(end());
        finish();
    }

    /** Sends what the gateways still hold and closes their links. Idempotent. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        gateways.values().forEach(GatewaySim::finish);
    }

    /** Test access: the model of an asset. */
    AssetSim asset(String id) {
        return assets.stream().filter(a -> a.spec.id().equals(id)).findFirst().orElseThrow();
    }

    private void runStep(long t) {
        if (t > 0) {
            for (AssetSim a : assets) {
                a.step(t - step, step);
            }
        }
        Instant now = start.plusSeconds(t);
        for (SensorSim s : sensors) {
            GatewaySim g = gateways.get(s.spec.gateway());
            SimReading r = s.sample(t, now.plusSeconds(g.skewS));
            if (r != null) {
                g.collect(r);
            }
        }
        boolean last = !live && t + step > durationS;
        for (GatewaySim g : gateways.values()) {
            g.tick(t, now, last);
        }
    }
}
