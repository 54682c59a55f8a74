package io.coldchain.alerting.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored reading as the rules see it: event time, temperature and, when the probe sent them,
 * battery voltage, relative humidity (%) and door contact. Rules never see arrival time.
 */
public record Sample(Instant ts, double tempC, Double batteryV, Double rh, Boolean doorOpen) {
    public Sample {
        Objects.requireNonNull(ts, "ts");
    }

    /** A reading without humidity or door contact. */
    public Sample(Instant ts, double tempC, Double batteryV) {
        this(ts, tempC, batteryV, null, null);
    }

    public static Sample of(Instant ts, double tempC) {
        return new Sample(ts, tempC, null);
    }
}
