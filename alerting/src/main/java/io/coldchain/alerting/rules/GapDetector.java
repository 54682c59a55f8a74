package io.coldchain.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Data gaps per sensor, in event time. */
public final class GapDetector {
    private GapDetector() {}

    /**
     * Every silence longer than {@code maxSilence} between consecutive samples, sorted, plus an open
     * gap after the last sample when {@code now - last > maxSilence}. No samples: no gap (a sensor
     * that never reported is the registry's concern). A silence of exactly {@code maxSilence} is not
     * a gap: a recorder whose interval is the maximum allowed is compliant.
     */
    public static List<Gap> gaps(Collection<Sample> samples, Duration maxSilence, Instant now) {
        Objects.requireNonNull(maxSilence, "maxSilence");
        Objects.requireNonNull(now, "now");
        if (maxSilence.isNegative()) {
            throw new IllegalArgumentException("maxSilence must not be negative");
        }
        List<Sample> sorted = Samples.inEventOrder(samples);
        List<Gap> gaps = new ArrayList<>();
        for (int i = 1; i < sorted.size(); i++) {
            Instant prev = sorted.get(i - 1).ts();
            Instant next = sorted.get(i).ts();
            if (Duration.between(prev, next).compareTo(maxSilence) > 0) {
                gaps.add(new Gap(prev, next));
            }
        }
        if (!sorted.isEmpty()) {
            Instant last = sorted.get(sorted.size() - 1).ts();
            if (Duration.between(last, now).compareTo(maxSilence) > 0) {
                gaps.add(new Gap(last, null));
            }
        }
        return gaps;
    }
}
