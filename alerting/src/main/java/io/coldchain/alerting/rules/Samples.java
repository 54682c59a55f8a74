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
        Map<Instant, Sample> byTs = new LinkedHashMap<>();
        for (Sample s : samples) {
            byTs.putIfAbsent(s.ts(), s);
        }
        List<Sample> sorted = new ArrayList<>(byTs.values());
        sorted.sort((a, b) -> a.ts().compareTo(b.ts()));
        return sorted;
    }
}
