package io.coldchain.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time for a scenario that starts in the past: {@code start + speed × (real elapsed)},
 * but never later than the real clock, so that no reading is ever stamped in the future (the
 * backend refuses readings more than 5 minutes ahead). Once it has caught up with the real clock
 * it simply follows it. Speed 0 or less means "as fast as possible" (capped at real now).
 */
public final class SimClock {
    private final Clock real;
    private final Instant start;
    private final Instant realStart;
    private final double speed;

    public SimClock(Clock real, Instant start, double speed) {
        this.real = real;
        this.start = start;
        this.realStart = real.instant();
        this.speed = speed;
        if (start.isAfter(realStart)) {
            throw new IllegalArgumentException(
                    "a scenario must start in the past (start " + start + ", now " + realStart + ")");
        }
    }

    public Instant now() {
        Instant realNow = real.instant();
        if (speed <= 0) {
            return realNow;
        }
        long elapsedNanos = Duration.between(realStart, realNow).toNanos();
        Instant sim = start.plusNanos((long) (elapsedNanos * speed));
        return sim.isAfter(realNow) ? realNow : sim;
    }

    public Instant start() {
        return start;
    }

    public double speed() {
        return speed;
    }
}
