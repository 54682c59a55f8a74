package io.coldchain.simulator;

import io.coldchain.simulator.gateway.SimReading;
import io.coldchain.simulator.physics.Probe;
import io.coldchain.simulator.scenario.Offset;
import io.coldchain.simulator.scenario.Scenario;
import java.time.Instant;
import java.util.SplittableRandom;

/** One probe in a running simulation: when it samples, what it reads, its battery, how it dies. */
final class SensorSim {
    final Scenario.Sensor spec;
    final AssetSim asset;
    private final Probe probe;
    private final SplittableRandom rng;
    private final int interval;
    private final long dyingFrom;
    private final long dyingUntil;
    private final boolean erratic;

    SensorSim(Scenario.Sensor s, AssetSim asset, long seed) {
        this.spec = s;
        this.asset = asset;
        this.rng = new SplittableRandom(seed);
        this.interval = s.intervalS() == null ? 60 : s.intervalS();
        this.probe = new Probe(
                "load".equals(s.measures()) ? Probe.Measures.LOAD : Probe.Measures.AIR,
                s.noiseC() == null ? 0.1 : s.noiseC(),
                s.offsetC() == null ? 0 : s.offsetC(),
                s.driftCPerDay() == null ? 0 : s.driftCPerDay());
        if (s.dying() != null) {
            dyingFrom = Offset.parse("dying.at", s.dying().at()).toSeconds();
            dyingUntil = s.dying().until() == null
                    ? Long.MAX_VALUE
                    : Offset.parse("dying.until", s.dying().until()).toSeconds();
            erratic = "erratic".equals(s.dying().mode());
        } else {
            dyingFrom = dyingUntil = -1;
            erratic = false;
        }
    }

    /**
     * The reading at {@code t} seconds from the start, or null when the probe does not sample then
     * (or is dead). {@code clock} is the gateway's clock for that instant (simulated time + skew).
     */
    SimReading sample(long t, Instant clock) {
        if (t % interval != 0) {
            return null;
        }
        // Draw the noise even when dead, so the other readings do not depend on whether it died.
        double temp = probe.read(asset.model, t / 86400.0, rng);
        double rhNoise = rng.nextGaussian();
        double wild = rng.nextDouble();
        boolean dying = t >= dyingFrom && t < dyingUntil;
        if (dying && !erratic) {
            return null;
        }
        if (dying) {
            temp = Math.round((-40 + 100 * wild) * 100) / 100.0; // a broken lead: anything from −40 to +60
        }
        Double rh = Boolean.TRUE.equals(spec.rh())
                ? Math.round(Math.min(99, Math.max(20, (asset.doorOpen() ? 88 : 78) + 1.5 * rhNoise)) * 10) / 10.0
                : null;
        Double battery = null;
        if (spec.battery() != null) {
            battery = Math.round((spec.battery().startV() - spec.battery().declineVPerDay() * t / 86400.0) * 1000)
                    / 1000.0;
        }
        Boolean door = Boolean.TRUE.equals(spec.door()) ? asset.doorOpen() : null;
        return new SimReading(spec.id(), clock, temp, rh, battery, door);
    }
}
