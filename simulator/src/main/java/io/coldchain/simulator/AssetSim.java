package io.coldchain.simulator;

import io.coldchain.simulator.physics.Inputs;
import io.coldchain.simulator.physics.ThermalModel;
import io.coldchain.simulator.physics.ThermalParams;
import io.coldchain.simulator.scenario.Offset;
import io.coldchain.simulator.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** One asset in a running simulation: its thermal model and its schedule (doors, shoppers, defrost, faults, loading). */
final class AssetSim {
    private static final long DAY_S = 24 * 3600;

    /** [from, to) in seconds from the scenario start. */
    record Window(long from, long to) {
        boolean contains(long t) {
            return t >= from && t < to;
        }

        static Window of(String field, String at, String duration) {
            long from = Offset.parse(field + ".at", at).toSeconds();
            return new Window(
                    from, from + Offset.parse(field + ".duration", duration).toSeconds());
        }
    }

    final Scenario.Asset spec;
    final ThermalModel model;
    private final SplittableRandom rng;
    private final List<Window> doors = new ArrayList<>();
    private final List<Window> failures = new ArrayList<>();
    private final List<Window> powerCuts = new ArrayList<>();
    private final long defrostFirst;
    private final long defrostEvery;
    private final long defrostLength;
    private final long shoppersFrom;
    private final long shoppersTo;
    private long shopperOpenUntil = Long.MIN_VALUE;
    private boolean doorOpen;

    AssetSim(Scenario.Asset a, List<Scenario.Fault> faults, long seed) {
        this.spec = a;
        this.rng = new SplittableRandom(seed);
        Scenario.Thermal t = a.thermal();
        ThermalParams params = new ThermalParams(
                t.airCapacityKjPerK() * 1000,
                t.wallUaWPerK(),
                t.loadCouplingWPerK(),
                t.coolingW(),
                t.setpointC(),
                t.hysteresisC(),
                t.doorWPerK(),
                orZero(t.defrostHeaterW()),
                orZero(t.internalGainW()));
        double air = a.initialAirC() != null ? a.initialAirC() : t.setpointC();
        double load = a.initialLoadC() != null ? a.initialLoadC() : air;
        this.model = new ThermalModel(params, air, load, orZero(a.loadKjPerK()) * 1000);
        a.doors().forEach(d -> doors.add(Window.of("doors", d.at(), d.duration())));
        for (Scenario.Fault f : faults) {
            boolean mine =
                    a.id().equals(f.asset()) || (f.site() != null && f.site().equals(a.site()));
            if (!mine) {
                continue;
            }
            (f.kind().equals("compressor_failure") ? failures : powerCuts)
                    .add(Window.of("faults", f.at(), f.duration()));
        }
        if (a.defrost() != null) {
            defrostFirst = Offset.parse("defrost.first", a.defrost().first()).toSeconds();
            defrostEvery = Offset.parse("defrost.every", a.defrost().every()).toSeconds();
            defrostLength =
                    Offset.parse("defrost.duration", a.defrost().duration()).toSeconds();
        } else {
            defrostFirst = defrostEvery = defrostLength = -1;
        }
        if (a.shoppers() != null) {
            shoppersFrom = Offset.parse("shoppers.from", a.shoppers().from()).toSeconds();
            shoppersTo = Offset.parse("shoppers.to", a.shoppers().to()).toSeconds();
        } else {
            shoppersFrom = shoppersTo = -1;
        }
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }

    boolean doorOpen() {
        return doorOpen;
    }

    double ambientC(long t) {
        Scenario.Ambient amb = spec.ambient();
        if (amb.amplitudeC() == null || amb.amplitudeC() == 0) {
            return amb.baseC();
        }
        long peak = amb.peakAt() == null
                ? 15 * 3600
                : Offset.parse("ambient.peak_at", amb.peakAt()).toSeconds();
        return amb.baseC() + amb.amplitudeC() * Math.cos(2 * Math.PI * (t - peak) / DAY_S);
    }

    /** Advances from {@code t} (seconds from the start) by {@code dt} seconds. */
    void step(long t, int dt) {
        boolean power = powerCuts.stream().noneMatch(w -> w.contains(t));
        boolean failed = failures.stream().anyMatch(w -> w.contains(t));
        boolean defrost = defrostEvery > 0 && t >= defrostFirst && (t - defrostFirst) % defrostEvery < defrostLength;
        doorOpen = doors.stream().anyMatch(w -> w.contains(t)) || shopper(t, dt);
        for (Scenario.Loading l : spec.loadings()) {
            Window w = Window.of("loadings", l.at(), l.duration());
            if (w.contains(t)) {
                double part = l.capacityKjPerK() * 1000 * dt / (w.to() - w.from());
                if (part > 0) {
                    model.addLoad(part, l.tempC() == null ? model.airC() : l.tempC());
                } else {
                    model.removeLoad(-part);
                }
            }
        }
        model.step(dt, new Inputs(ambientC(t), doorOpen, defrost, failed, !power));
    }

    /** Shoppers open a case door now and then while the store is open (a Poisson process per step). */
    private boolean shopper(long t, int dt) {
        if (spec.shoppers() == null) {
            return false;
        }
        double u = rng.nextDouble();
        double len = spec.shoppers().seconds() * (0.5 + rng.nextDouble());
        long tod = Math.floorMod(t, DAY_S);
        boolean open = shoppersFrom <= shoppersTo
                ? tod >= shoppersFrom && tod < shoppersTo
                : tod >= shoppersFrom || tod < shoppersTo;
        if (open && t >= shopperOpenUntil && u < spec.shoppers().perHour() * dt / 3600.0) {
            shopperOpenUntil = t + Math.max(dt, Math.round(len));
        }
        return t < shopperOpenUntil;
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
