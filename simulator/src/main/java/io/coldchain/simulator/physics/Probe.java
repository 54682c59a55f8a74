package io.coldchain.simulator.physics;

import java.util.random.RandomGenerator;

/**
 * A temperature probe as it really reads: the air or the load (a product simulant) of its asset,
 * plus a fixed calibration offset, a slow linear drift and gaussian noise, at 0.01 °C resolution.
 */
public final class Probe {
    /** What the probe's tip sits in. */
    public enum Measures {
        AIR,
        LOAD
    }

    private final Measures measures;
    private final double noiseSdC;
    private final double offsetC;
    private final double driftCPerDay;

    public Probe(Measures measures, double noiseSdC, double offsetC, double driftCPerDay) {
        if (noiseSdC < 0) {
            throw new IllegalArgumentException("noise must not be negative");
        }
        this.measures = measures;
        this.noiseSdC = noiseSdC;
        this.offsetC = offsetC;
        this.driftCPerDay = driftCPerDay;
    }

    /** The true temperature where the probe sits. */
    public double truth(ThermalModel model) {
        return measures == Measures.AIR ? model.airC() : model.loadC();
    }

    /** One reading, {@code elapsedDays} after the probe was calibrated (when its drift was zero). */
    public double read(ThermalModel model, double elapsedDays, RandomGenerator rng) {
        double v = truth(model)
                + offsetC
                + driftCPerDay * elapsedDays
                + (noiseSdC > 0 ? rng.nextGaussian() * noiseSdC : 0);
        return Math.round(v * 100) / 100.0;
    }
}
