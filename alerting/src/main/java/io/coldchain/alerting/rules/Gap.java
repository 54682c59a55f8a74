package io.coldchain.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A silence of one sensor longer than allowed.
 *
 * @param start event time of the last reading before the silence
 * @param end event time of the first reading after it; null while the sensor is still silent
 */
public record Gap(Instant start, Instant end) {
    public Gap {
        Objects.requireNonNull(start, "start");
    }

    public boolean open() {
        return end == null;
    }

    public Duration duration(Instant now) {
        return Duration.between(start, end != null ? end : now);
    }
}
