package io.coldchain.records.log;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The recording intervals the record-keeping rules ask for, and how long a silence counts as a gap.
 * Defaults from the domain brief; a sensor's registered expected interval takes precedence for gaps.
 */
public final class RecordingIntervals {
    /** GB 29753: a refrigerated vehicle's recorder records at least every 10 minutes. */
    public static final Duration VEHICLE = Duration.ofMinutes(10);
    /** GB 31605 (unverified figure): storage records about every 30 minutes. */
    public static final Duration STORAGE = Duration.ofMinutes(30);

    private static final Set<String> VEHICLES = Set.of("truck", "trailer", "tanker");
    /** Curve widths a rolled-up log uses, smallest first. */
    private static final List<Duration> BUCKETS = List.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(15),
            Duration.ofMinutes(30),
            Duration.ofHours(1),
            Duration.ofHours(2),
            Duration.ofHours(3),
            Duration.ofHours(6),
            Duration.ofHours(12),
            Duration.ofDays(1),
            Duration.ofDays(2),
            Duration.ofDays(7));

    private RecordingIntervals() {}

    /** The legal recording interval of an asset kind. */
    public static Duration required(String assetKind) {
        return VEHICLES.contains(assetKind) ? VEHICLE : STORAGE;
    }

    /**
     * No reading for longer than this is a gap: the expected interval (the sensor's, else the
     * required one) plus a tolerance of half of it, at least one minute (clock jitter, radio retries).
     */
    public static Duration gapAfter(Integer expectedIntervalS, String assetKind) {
        Duration expected = expectedIntervalS == null ? required(assetKind) : Duration.ofSeconds(expectedIntervalS);
        Duration tolerance = expected.dividedBy(2);
        return expected.plus(tolerance.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : tolerance);
    }

    /** The narrowest bucket that draws {@code span} in at most {@code maxPoints} points. */
    public static Duration bucketFor(Duration span, int maxPoints) {
        for (Duration b : BUCKETS) {
            if (span.toSeconds() <= b.toSeconds() * maxPoints) {
                return b;
            }
        }
        return Duration.ofSeconds((span.toSeconds() + maxPoints - 1) / maxPoints);
    }
}
