package io.coldchain.alerting.rules;

import io.coldchain.core.profile.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Consecutive-excursion rules ({@code above} / {@code below}) and low battery, in event time.
 *
 * <p>A pure function of the set of samples: any arrival order, with duplicates, gives the same
 * episodes (samples with an equal {@code ts} count once; the first in iteration order wins, as in
 * the store). See the package documentation for the exact semantics.
 */
public final class ExcursionEvaluator {
    private ExcursionEvaluator() {}

    /**
     * Every episode of {@code rule} (a non-cumulative rule) over {@code samples}, sorted by start,
     * fired or not.
     */
    public static List<Episode> episodes(Rule rule, EpisodeOptions options, Collection<Sample> samples) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(options, "options");
        if (rule.kind().cumulative()) {
            throw new IllegalArgumentException(
                    "cumulative rule " + rule.kind().wire() + " has no episodes: use CumulativeExposure");
        }
        return evaluate(
                Samples.inEventOrder(samples),
                Sample::tempC,
                rule.kind().upward(),
                rule.thresholdC(),
                options.hysteresisC(),
                options.clear(),
                rule.delay());
    }

    /**
     * Low-battery episodes: battery below {@code thresholdV} (samples without a battery value are
     * ignored), firing once it has lasted {@code delay}. Hysteresis is {@code options.hysteresisC()}
     * read as volts / 10 (0.3 gives 0.03 V).
     */
    public static List<Episode> lowBattery(
            double thresholdV, Duration delay, EpisodeOptions options, Collection<Sample> samples) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(options, "options");
        if (!Double.isFinite(thresholdV) || delay.isNegative()) {
            throw new IllegalArgumentException("battery threshold must be finite and delay not negative");
        }
        // Deduplicate before dropping battery-less samples: the stored reading for a ts is the first
        // one, and if it carried no battery value there is none for that ts.
        List<Sample> withBattery = new ArrayList<>();
        for (Sample s : Samples.inEventOrder(samples)) {
            if (s.batteryV() != null && Double.isFinite(s.batteryV())) {
                withBattery.add(s);
            }
        }
        return evaluate(
                withBattery, Sample::batteryV, false, thresholdV, options.hysteresisC() / 10, options.clear(), delay);
    }

    /**
     * The episode scan over samples already deduplicated and sorted. {@code upward}: beyond is
     * {@code value > threshold}, back in range {@code value <= threshold - hysteresis}; downward
     * mirrors. Values in the band between neither start nor end an episode.
     */
    private static List<Episode> evaluate(
            List<Sample> sorted,
            ToDoubleFunction<Sample> value,
            boolean upward,
            double threshold,
            double hysteresis,
            Duration clear,
            Duration delay) {
        int n = sorted.size();
        boolean[] beyond = new boolean[n];
        boolean[] back = new boolean[n];
        for (int i = 0; i < n; i++) {
            double v = value.applyAsDouble(sorted.get(i));
            beyond[i] = upward ? v > threshold : v < threshold;
            back[i] = upward ? v <= threshold - hysteresis : v >= threshold + hysteresis;
        }
        // nextBeyond[i]: index of the first beyond sample after i (n if none), for the clear look-ahead.
        int[] nextBeyond = new int[n + 1];
        nextBeyond[n] = n;
        for (int i = n - 1; i >= 0; i--) {
            nextBeyond[i] = i + 1 < n && beyond[i + 1] ? i + 1 : nextBeyond[i + 1];
        }

        List<Episode> episodes = new ArrayList<>();
        Instant start = null;
        Instant lastOut = null;
        double peak = Double.NaN;
        Instant peakAt = null;
        for (int i = 0; i < n; i++) {
            Sample s = sorted.get(i);
            double v = value.applyAsDouble(s);
            if (start == null) {
                if (beyond[i]) {
                    start = s.ts();
                    lastOut = s.ts();
                    peak = v;
                    peakAt = s.ts();
                }
                continue;
            }
            if (!back[i]) {
                // Beyond or in the hysteresis band: the episode goes on.
                lastOut = s.ts();
                if (upward ? v > peak : v < peak) {
                    peak = v;
                    peakAt = s.ts();
                }
                continue;
            }
            int next = nextBeyond[i];
            boolean beyondWithinClear = next < n && sorted.get(next).ts().isBefore(s.ts().plus(clear));
            if (!beyondWithinClear) {
                episodes.add(episode(start, s.ts(), lastOut, peak, peakAt, delay));
                start = null;
            }
            // else: a new excursion follows within the clear period, so this is still the same episode;
            // an in-range reading does not move lastOut.
        }
        if (start != null) {
            episodes.add(episode(start, null, lastOut, peak, peakAt, delay));
        }
        return episodes;
    }

    private static Episode episode(
            Instant start, Instant end, Instant lastOut, double peak, Instant peakAt, Duration delay) {
        Duration lasted = Duration.between(start, end != null ? end : lastOut);
        Instant firedAt = lasted.compareTo(delay) >= 0 ? start.plus(delay) : null;
        return new Episode(start, end, lastOut, peak, peakAt, firedAt);
    }
}
