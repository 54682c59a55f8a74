package io.coldchain.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One consecutive excursion of one sensor beyond one rule's threshold, derived from the stored
 * readings alone (so the same readings always give the same episodes, whatever order they came in).
 *
 * @param start event time of the first reading beyond the threshold
 * @param end event time of the first reading back in range that was followed by the clear period
 *     without a new excursion; null while no such reading is known (the episode is still open)
 * @param lastOut event time of the last reading of the episode that was not back in range
 * @param peakC the furthest value from the threshold in the episode (highest for upward rules,
 *     lowest for downward ones)
 * @param peakAt event time of the peak reading
 * @param firedAt event time at which the episode had lasted the rule's delay ({@code start + delay});
 *     null when it never lasted that long (such episodes raise no alert)
 */
public record Episode(Instant start, Instant end, Instant lastOut, double peakC, Instant peakAt, Instant firedAt) {
    public Episode {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(lastOut, "lastOut");
        Objects.requireNonNull(peakAt, "peakAt");
    }

    public boolean open() {
        return end == null;
    }

    public boolean fired() {
        return firedAt != null;
    }

    /** How long it lasted: to its end when over, else to its last known reading. */
    public Duration duration() {
        return Duration.between(start, end != null ? end : lastOut);
    }
}
