package io.coldchain.alerting.eval;

import io.coldchain.core.profile.Profile;
import io.coldchain.registry.attribution.Segment;
import io.coldchain.registry.attribution.Stay;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batches on the sensor's asset while its readings changed, with the profiles that applied:
 * the batches whose per-batch rules (cumulative, raw milk) this change may concern.
 */
record PresentBatches(Map<String, Stay> lots, Map<String, Profile> profiles) {

    static PresentBatches during(List<Segment> segments, Instant changedFrom, Instant changedTo) {
        Map<String, Stay> lots = new LinkedHashMap<>();
        Map<String, Profile> profiles = new LinkedHashMap<>();
        for (Segment seg : segments) {
            if (seg.to() != null && !seg.to().isAfter(changedFrom) || seg.from().isAfter(changedTo)) {
                continue;
            }
            seg.profiles().forEach(p -> profiles.putIfAbsent(p.id(), p));
            seg.batches().forEach(b -> lots.putIfAbsent(b.lot(), b));
        }
        return new PresentBatches(lots, profiles);
    }
}
