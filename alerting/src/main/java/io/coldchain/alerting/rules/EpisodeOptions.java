package io.coldchain.alerting.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * How an episode ends, so that an alert does not flap around its threshold.
 *
 * @param hysteresisC a reading ends an episode only when it is back in range by this much
 *     (for an upward rule: {@code temp <= threshold - hysteresisC}); readings between the threshold
 *     and that value neither start nor end an episode
 * @param clear the episode ends at the first back-in-range reading only when no reading beyond the
 *     threshold follows within this period; otherwise the two excursions are one episode
 */
public record EpisodeOptions(double hysteresisC, Duration clear) {
    public static final EpisodeOptions DEFAULT = new EpisodeOptions(0.3, Duration.ofMinutes(5));

    public EpisodeOptions {
        Objects.requireNonNull(clear, "clear");
        if (!(hysteresisC >= 0) || hysteresisC > 5 || clear.isNegative()) {
            throw new IllegalArgumentException("hysteresis must be 0..5 °C and clear not negative");
        }
    }
}
