package io.coldchain.alerting.rules;

import io.coldchain.core.profile.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Consecutive-episode rules ({@code above} / {@code below}, {@code humidity_above}, {@code door_open})
 * and low battery, in event time.
 *
 * <p>A pure function of the set of samples: any arrival order, with duplicates, gives the same
 * episodes (samples with an equal {@code ts} count once; the first in iteration order wins, as in
 * the store). See the package documentation for the exact semantics.
 */
public final class ExcursionEvaluator {
    private ExcursionEvaluator() {}

    /**
     * Hysteresis of {@code humidity_above}, as a multiple of the configured one in °C (0.3 gives 3 % RH):
     * humidity probes are only good to about ±2 % RH, so a smaller band would end and start episodes
     * on noise alone.
     */
    static final double RH_PER_C = 10;

    /**
     * Every episode of {@code rule} (a per-sensor rule: above, below, humidity_above, door_open) over
     * {@code samples}, sorted by start, fired or not. Humidity and door rules ignore samples without
     * humidity or door contact; door_open has no hysteresis (a closed door is back in range).
     */
    public static List<Episode> episodes(Rule rule, EpisodeOptions options, Collection<Sample> samples) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(options, "options");
        if (!rule.kind().sensorEpisodes()) {
            throw new IllegalArgumentException("rule " + rule.kind().wire()
                    + " has no per-sensor episodes: use CumulativeExposure or SinceProduced");
        }
        List<Sample> sorted = Samples.inEventOrder(samples);
        return switch (rule.kind()) {
            case HUMIDITY_ABOVE ->
                evaluate(
                        having(sorted, s -> s.rh() != null && Double.isFinite(s.rh())),
                        Sample::rh,
                        true,
                        rule.thresholdC(),
                        options.hysteresisC() * RH_PER_C,
                        options.clear(),
                        rule.delay());
            case DOOR_OPEN ->
                evaluate(
                        having(sorted, s -> s.doorOpen() != null),
                        s -> s.doorOpen() ? 1 : 0,
                        true,
                        0.5,
                        0,
                        options.clear(),
                        rule.delay());
            default ->
                evaluate(
                        sorted,
                        Sample::tempC,
                        rule.kind().upward(),
                        rule.thresholdC(),
                        options.hysteresisC(),
                        options.clear(),
                        rule.delay());
        };
    }

    /**
     * The samples that carry the value a rule needs. Deduplicated before: the stored reading for a ts
     * is the first one, and if it carried no such value there is none for that ts.
     */
    private static List<Sample> having(List<Sample> sorted, Predicate<Sample> hasValue) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : sorted) {
            if (hasValue.test(s)) {
                out.add(s);
            }
        }
        return out;
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
        List<Sample> withBattery =
                having(Samples.inEventOrder(samples), s -> s.batteryV() != null && Double.isFinite(s.batteryV()));
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
