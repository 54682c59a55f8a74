package io.coldchain.core.changes;

import io.coldchain.core.changes.ReadingChangeStore.Change;
import io.coldchain.core.db.BinaryCopy;
import io.coldchain.core.model.Reading;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One stored batch's changes per sensor, gathered reading by reading for {@link ReadingChangeStore#record}:
 * each sensor's event-time range and temperature extremes (V24), and what {@link ChangeSummary} holds
 * (V25).
 */
public final class ChangedRanges {
    private final Map<Integer, Range> bySensor = new LinkedHashMap<>();
    private Instant oldestReceived;

    /** Adds one accepted reading of sensor {@code sensorId}. */
    public void add(int sensorId, Reading r) {
        Range range = bySensor.get(sensorId);
        if (range == null) {
            bySensor.put(sensorId, new Range(r));
        } else {
            range.add(r);
        }
        // As ingest stores it (to the whole second): never later than the stored reception.
        Instant received = r.receivedAt().truncatedTo(ChronoUnit.SECONDS);
        if (oldestReceived == null || received.isBefore(oldestReceived)) {
            oldestReceived = received;
        }
    }

    public int size() {
        return bySensor.size();
    }

    public boolean isEmpty() {
        return bySensor.isEmpty();
    }

    Instant oldestReceived() {
        return oldestReceived;
    }

    /**
     * The values of a {@code reading_change_sets} row's records ({@link ChangeSetEntries}), one element per
     * sensor in the order first added; {@code maxRh},
     * {@code minBatteryV} and {@code doorOpen} null when no reading of the batch carried the value.
     */
    record Columns(
            int[] sensorIds,
            long[] fromUs,
            long[] toUs,
            float[] minC,
            float[] maxC,
            int[] gapMs,
            float[] maxRh,
            float[] minBatteryV,
            boolean[] doorOpen) {}

    Columns columns() {
        int n = bySensor.size();
        Columns out = new Columns(
                new int[n],
                new long[n],
                new long[n],
                new float[n],
                new float[n],
                new int[n],
                any(r -> r.maxRh > Float.NEGATIVE_INFINITY) ? new float[n] : null,
                any(r -> r.minBatteryV < Float.POSITIVE_INFINITY) ? new float[n] : null,
                any(r -> r.doorOpen) ? new boolean[n] : null);
        int i = 0;
        for (Map.Entry<Integer, Range> e : bySensor.entrySet()) {
            Range r = e.getValue();
            out.sensorIds[i] = e.getKey();
            out.fromUs[i] = r.fromUs;
            out.toUs[i] = r.toUs;
            out.minC[i] = outward(r.minC, false);
            out.maxC[i] = outward(r.maxC, true);
            // Capped (about 24 days): a longer silence is beyond any allowed one anyway.
            out.gapMs[i] = (int) Math.min(Integer.MAX_VALUE, ChangeSummary.millisUp(r.longestGapMicros()));
            if (out.maxRh != null) {
                out.maxRh[i] = outward(r.maxRh, true);
            }
            if (out.minBatteryV != null) {
                out.minBatteryV[i] = outward(r.minBatteryV, false);
            }
            if (out.doorOpen != null) {
                out.doorOpen[i] = r.doorOpen;
            }
            i++;
        }
        return out;
    }

    /**
     * The changes {@link ReadingChangeStore#record(java.sql.Connection, ChangedRanges, boolean)} queues
     * for this batch, as a claim of it alone gives them back: per sensor its range and temperature
     * extremes, and, when {@code complete}, its {@link ChangeSummary}.
     */
    public List<Change> changes(boolean complete) {
        Columns col = columns();
        List<Change> out = new ArrayList<>(col.sensorIds().length);
        for (int i = 0; i < col.sensorIds().length; i++) {
            out.add(new Change(
                    0,
                    col.sensorIds()[i],
                    ReadingChangeStore.micros(col.fromUs()[i]),
                    ReadingChangeStore.micros(col.toUs()[i]),
                    col.minC()[i],
                    col.maxC()[i],
                    complete
                            ? new ChangeSummary(
                                    col.gapMs()[i],
                                    col.maxRh() == null ? Float.NEGATIVE_INFINITY : col.maxRh()[i],
                                    col.minBatteryV() == null ? Float.POSITIVE_INFINITY : col.minBatteryV()[i],
                                    col.doorOpen() != null && col.doorOpen()[i],
                                    oldestReceived)
                            : null));
        }
        return out;
    }

    private boolean any(Predicate<Range> p) {
        return bySensor.values().stream().anyMatch(p);
    }

    /**
     * A value as the queue's {@code real} keeps it, rounded away from the range (down for a minimum, up
     * for a maximum): alerting's "beyond a threshold" may only err towards yes. Infinities stay.
     */
    static float outward(double exact, boolean up) {
        float f = (float) exact;
        if (up ? f < exact : f > exact) {
            return up ? Math.nextUp(f) : Math.nextDown(f);
        }
        return f;
    }

    /** One sensor's readings in the batch. */
    private static final class Range {
        long fromUs;
        long toUs;
        double minC;
        double maxC;
        double maxRh = Double.NEGATIVE_INFINITY;
        double minBatteryV = Double.POSITIVE_INFINITY;
        boolean doorOpen;
        /** Every reading's time, for the longest silence; most sensors have one reading in a batch. */
        long[] ts = new long[2];

        int n;

        Range(Reading r) {
            fromUs = toUs = BinaryCopy.unixMicros(r.ts());
            minC = maxC = r.tempC();
            add(r);
        }

        void add(Reading r) {
            long us = BinaryCopy.unixMicros(r.ts());
            fromUs = Math.min(fromUs, us);
            toUs = Math.max(toUs, us);
            minC = Math.min(minC, r.tempC());
            maxC = Math.max(maxC, r.tempC());
            if (r.rh() != null && Double.isFinite(r.rh())) {
                maxRh = Math.max(maxRh, r.rh());
            }
            if (r.batteryV() != null && Double.isFinite(r.batteryV())) {
                minBatteryV = Math.min(minBatteryV, r.batteryV());
            }
            doorOpen |= Boolean.TRUE.equals(r.doorOpen());
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
            }
            ts[n++] = us;
        }

        long longestGapMicros() {
            long[] sorted = Arrays.copyOf(ts, n);
            Arrays.sort(sorted);
            long longest = 0;
            for (int i = 1; i < n; i++) {
                longest = Math.max(longest, sorted[i] - sorted[i - 1]);
            }
            return longest;
        }
    }
}
