package io.coldchain.records.excursion;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One excursion alert as records show it: what happened (rule, severity, sensor, asset, start, end,
 * peak, duration), and what people did about it (status, acknowledgement, corrective action, a
 * disposition per affected lot).
 *
 * @param end null while the excursion lasts
 * @param peakC the reading farthest beyond the threshold, or null when unknown (e.g. a data gap)
 * @param ack null until acknowledged
 * @param correctiveAction null until resolved
 * @param dispositions lot → release | hold | discard; empty until decided
 */
public record ExcursionRecord(
        String alertId,
        String rule,
        String severity,
        String sensor,
        String asset,
        Instant start,
        Instant end,
        Double peakC,
        Duration duration,
        String status,
        Ack ack,
        String correctiveAction,
        Map<String, String> dispositions) {

    /** Who acknowledged, when, with what note. */
    public record Ack(String by, Instant at, String note) {}

    public ExcursionRecord {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(status, "status");
        dispositions = dispositions == null ? Map.of() : Map.copyOf(dispositions);
    }
}
