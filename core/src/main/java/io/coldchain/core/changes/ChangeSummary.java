package io.coldchain.core.changes;

import java.time.Instant;
import java.util.Objects;

/**
 * What a queued change's readings hold besides their temperature extremes, complete enough for
 * alerting to decide that they change no alert without reading them back (V25): the longest silence
 * between them, the highest humidity, the lowest battery voltage, whether any saw the door open, and
 * a time by which the newest of them had been received.
 *
 * <p>Ingest writes it only for a batch whose readings were all stored as sent (no duplicate, no
 * conflict): then the stored readings are exactly the ones summarised. A change merged with any entry
 * that has none (a redelivery, the registry's changes, the gap sweep) has none either: it is read.
 *
 * <p>Values err only towards "may change something": humidity rounded up, battery down, the silence
 * an upper bound where ranges overlap, the reception time a lower bound ("received long ago" sends a
 * change to the full evaluation).
 *
 * @param gapMillis longest time between two consecutive readings of the change (0: one reading), in
 *     milliseconds rounded up
 * @param maxRh highest relative humidity, {@code -Infinity} when no reading carried one
 * @param minBatteryV lowest battery voltage, {@code +Infinity} when no reading carried one
 * @param doorOpen whether any reading reported the door open
 * @param received a lower bound of the newest reception time among the readings: a batch gives its oldest
 *     reception (to the stored second), merged changes the latest of those
 */
public record ChangeSummary(long gapMillis, float maxRh, float minBatteryV, boolean doorOpen, Instant received) {
    public ChangeSummary {
        Objects.requireNonNull(received, "received");
        if (gapMillis < 0) {
            throw new IllegalArgumentException("gap must not be negative: " + gapMillis);
        }
    }

    /**
     * The summary of two changes of one sensor as one, {@code this*Us} and {@code other*Us} being their
     * event-time ranges (unix microseconds). The longest silence of the union is either inside one of them or between
     * the end of one and the start of the other when they do not overlap: a reading of one inside the
     * other's range can only shorten the other's silences. So this bound is exact for ranges that do
     * not overlap and an upper bound otherwise.
     */
    public ChangeSummary merge(ChangeSummary o, long thisFromUs, long thisToUs, long otherFromUs, long otherToUs) {
        long between = Math.max(0, Math.max(otherFromUs - thisToUs, thisFromUs - otherToUs));
        return new ChangeSummary(
                Math.max(Math.max(gapMillis, o.gapMillis), millisUp(between)),
                Math.max(maxRh, o.maxRh),
                Math.min(minBatteryV, o.minBatteryV),
                doorOpen || o.doorOpen,
                received.isAfter(o.received) ? received : o.received);
    }

    /** Microseconds as milliseconds, rounded up: a silence may only be overstated. */
    public static long millisUp(long micros) {
        return -Math.floorDiv(-micros, 1_000L);
    }
}
