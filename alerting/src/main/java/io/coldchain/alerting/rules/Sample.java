package io.coldchain.alerting.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored reading as the rules see it: event time, temperature and, when the probe sent it,
 * battery voltage. Rules never see arrival time.
 */
public record Sample(Instant ts, double tempC, Double batteryV) {
    public Sample {
        Objects.requireNonNull(ts, "ts");
    }

    public static Sample of(Instant ts, double tempC) {
        return new Sample(ts, tempC, null);
    }
}
