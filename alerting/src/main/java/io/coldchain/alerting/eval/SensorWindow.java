package io.coldchain.alerting.eval;

import io.coldchain.alerting.store.AlertRecord;
import io.coldchain.registry.attribution.Segment;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one evaluation of one sensor knows: the transaction, the sensor, where it was
 * ({@code segments}), its live alerts overlapping the window ({@code stored}), the wall clock, and
 * when each read sample was received (for the gap rule's settle time only; rules never see it).
 */
record SensorWindow(
        Connection c,
        String tenant,
        int sensorId,
        String sensor,
        List<Segment> segments,
        List<AlertRecord> stored,
        Instant now,
        Map<Instant, Instant> receivedAt) {

    /** The segment the instant {@code t} falls in (the first one when before all of them). */
    Segment segmentAt(Instant t) {
        Segment found = segments.get(0);
        for (Segment seg : segments) {
            if (!seg.from().isAfter(t)) {
                found = seg;
            }
        }
        return found;
    }
}
