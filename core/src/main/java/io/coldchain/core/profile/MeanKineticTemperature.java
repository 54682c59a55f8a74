package io.coldchain.core.profile;

import java.time.Duration;
import java.util.List;

/**
 * Mean kinetic temperature (USP &lt;1079&gt;): the single temperature that would degrade a product as
 * much as the recorded history did. It weights warm periods exponentially (Arrhenius), so it is
 * never below the time-weighted arithmetic mean.
 *
 * <p>T_mk = (ΔH/R) / −ln( Σ tᵢ·e^(−ΔH/(R·Tᵢ)) / Σ tᵢ ), T in kelvin, ΔH/R = 10 000 K
 * (ΔH = 83.144 kJ/mol).
 */
public final class MeanKineticTemperature {
    /** ΔH/R in kelvin for ΔH = 83.144 kJ/mol, the USP &lt;1079&gt; default. */
    public static final double ACTIVATION_K = 10_000.0;

    private static final double KELVIN = 273.15;

    /**
     * One reading and the time it stands for (usually until the next reading).
     *
     * @param weight non-negative; a zero weight contributes nothing
     */
    public record Sample(double tempC, Duration weight) {
        public Sample {
            if (!Double.isFinite(tempC) || tempC <= -KELVIN) {
                throw new IllegalArgumentException("tempC must be finite and above absolute zero: " + tempC);
            }
            if (weight == null || weight.isNegative()) {
                throw new IllegalArgumentException("weight must be a non-negative duration: " + weight);
            }
        }

        double seconds() {
            return weight.getSeconds() + weight.getNano() / 1e9;
        }
    }

    private MeanKineticTemperature() {}

    /** The MKT in °C of the samples; throws IllegalArgumentException when empty or of zero total weight. */
    public static double celsius(List<Sample> samples) {
        if (samples == null || samples.isEmpty()) {
            throw new IllegalArgumentException("mean kinetic temperature of no samples");
        }
        // Log-sum-exp: each term e^(xᵢ), xᵢ = −ΔH/(R·Tᵢ), is tiny (about e^−36 at 5 °C, e^−52 at
        // −80 °C). Factoring out e^(max xᵢ) keeps every term in (0, 1] and the sum near 1..n, so
        // neither a long record nor a cold one loses precision to underflow.
        double maxX = Double.NEGATIVE_INFINITY;
        double totalWeight = 0;
        for (Sample s : samples) {
            if (s.seconds() > 0) {
                maxX = Math.max(maxX, x(s.tempC()));
            }
            totalWeight += s.seconds();
        }
        if (!(totalWeight > 0)) {
            throw new IllegalArgumentException("mean kinetic temperature of zero total weight");
        }
        double sum = 0;
        for (Sample s : samples) {
            if (s.seconds() > 0) {
                sum += (s.seconds() / totalWeight) * Math.exp(x(s.tempC()) - maxX);
            }
        }
        double lnMean = maxX + Math.log(sum); // ln( Σ tᵢ·e^xᵢ / Σ tᵢ )
        return ACTIVATION_K / -lnMean - KELVIN;
    }

    private static double x(double tempC) {
        return -ACTIVATION_K / (tempC + KELVIN);
    }
}
