package io.coldchain.alerting.eval;

import io.coldchain.core.changes.ReadingChangeStore.Change;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import io.coldchain.registry.attribution.Segment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temperature limits each sensor was last evaluated under, kept in memory to guess from a queued
 * batch's extremes (V24) whether its readings may start an excursion, before reading them.
 *
 * <p>Only an order of work hangs on the guess: every queued change is still evaluated when its batch
 * is claimed. A stale band (the sensor moved, a profile changed) costs an evaluation ahead of turn
 * that was not needed, or a turn waited for; never an alert. Humidity and door rules are not guessed
 * (the queue carries temperatures only).
 */
final class TemperatureBands {
    /** What a queued change looks like from here. */
    enum Guess {
        /** A temperature beyond a limit the sensor was last evaluated under. */
        BEYOND,
        /** Never evaluated by this instance since it started (new, or just restarted): no limits known. */
        UNKNOWN,
        /** Within the limits, or no temperatures known for the change. */
        WITHIN
    }

    /**
     * Readings above {@code above} or below {@code below} are beyond a rule's threshold; the infinities
     * where no rule looks.
     */
    record Band(double above, double below) {}

    private static final Band NONE = new Band(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);

    /** Bounded only against a pathological number of sensors; a miss makes a sensor unknown again. */
    private static final int MAX_SENSORS = 200_000;

    private final Map<Integer, Band> bands = new ConcurrentHashMap<>();

    /** The limits of the rules that apply over {@code segment}; null: none apply (not on an asset). */
    void learn(int sensorId, Segment segment) {
        if (bands.size() >= MAX_SENSORS) {
            bands.clear();
        }
        bands.put(sensorId, segment == null ? NONE : band(segment.profiles()));
    }

    /**
     * The threshold-crossing rules on temperature, as the rules themselves decide it: an episode of
     * {@code above} starts at a reading over its threshold, and a cumulative rule counts exposure from
     * one ({@link BudgetCheck#addsExposure}); {@code below} mirrors.
     */
    static Band band(List<Profile> profiles) {
        double above = Double.POSITIVE_INFINITY;
        double below = Double.NEGATIVE_INFINITY;
        for (Profile p : profiles) {
            for (Rule r : p.rules()) {
                boolean watched = r.kind().threshold() == Rule.Threshold.CELSIUS
                        && (r.kind().sensorEpisodes() || r.kind().cumulative());
                if (!watched) {
                    continue;
                }
                if (r.kind().upward()) {
                    above = Math.min(above, r.thresholdC());
                } else {
                    below = Math.max(below, r.thresholdC());
                }
            }
        }
        return new Band(above, below);
    }

    Guess guess(Change ch) {
        Band b = bands.get(ch.sensorId());
        if (b == null) {
            return Guess.UNKNOWN;
        }
        // NaN compares false: a change without temperatures is guessed within.
        return ch.maxC() > b.above() || ch.minC() < b.below() ? Guess.BEYOND : Guess.WITHIN;
    }
}
