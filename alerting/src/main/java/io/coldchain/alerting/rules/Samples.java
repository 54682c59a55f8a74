package io.coldchain.alerting.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one place that turns "samples as they arrived" into "one sample per event time, in order". */
final class Samples {
    private Samples() {}

    /**
     * Deduplicated by {@code ts} (the first in iteration order wins, as in the store, where the first
     * stored value of a (sensor, ts) key is never overwritten) and sorted by {@code ts}.
     */
    static List<Sample> inEventOrder(Collection<Sample> samples) {
        if (strictlyIncreasing(samples)) {
            // What the store returns (one row per key, ordered by time): nothing to do, and this runs
            // for every rule of every evaluation over hours of readings.
            return samples instanceof List<Sample> list ? list : new ArrayList<>(samples);
        }
        Map<Instant, Sample> byTs = new LinkedHashMap<>();
        for (Sample s : samples) {
            byTs.putIfAbsent(s.ts(), s);
        }
        List<Sample> sorted = new ArrayList<>(byTs.values());
        sorted.sort((a, b) -> a.ts().compareTo(b.ts()));
        return sorted;
    }

    private static boolean strictlyIncreasing(Collection<Sample> samples) {
        Instant previous = null;
        for (Sample s : samples) {
            if (previous != null && !s.ts().isAfter(previous)) {
                return false;
            }
            previous = s.ts();
        }
        return true;
    }
}
