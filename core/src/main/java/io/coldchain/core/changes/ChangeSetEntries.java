package io.coldchain.core.changes;

import io.coldchain.core.changes.ReadingChangeStore.Change;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code entries} of a {@code reading_change_sets} row (V26): one fixed-size record per sensor,
 * packed by the writer and unpacked and merged by the evaluator, so that the database only stores and
 * hands back bytes. In arrays (V21-V25) it parsed and checked every element on the way in, and
 * unnested and aggregated them to merge a claim: 80 ms of its time per claim and 3.8 ms per batch
 * with 10,000 registered sensors (issue 12), where this code takes a few milliseconds.
 *
 * <p>Record layout, big-endian, {@link #BYTES} bytes: sensor key (int4), first and last reading
 * time in Unix microseconds (int8 each, both inclusive), lowest and highest temperature (float4
 * each, rounded outwards; NaN: not known), longest silence in milliseconds rounded up (int4; -1:
 * not summarised), highest humidity (float4; -Infinity: none carried one), lowest battery voltage
 * (float4; +Infinity: none), door seen open (one byte, 0 or 1).
 */
public final class ChangeSetEntries {
    public static final int BYTES = 4 + 8 + 8 + 4 + 4 + 4 + 4 + 4 + 1;

    private ChangeSetEntries() {}

    /** A stored batch's ranges; gaps only when {@code complete} (see {@link ChangeSummary}). */
    static byte[] of(ChangedRanges.Columns col, boolean complete) {
        int n = col.sensorIds().length;
        ByteBuffer b = ByteBuffer.allocate(n * BYTES);
        for (int i = 0; i < n; i++) {
            b.putInt(col.sensorIds()[i])
                    .putLong(col.fromUs()[i])
                    .putLong(col.toUs()[i])
                    .putFloat(col.minC()[i])
                    .putFloat(col.maxC()[i])
                    .putInt(complete ? col.gapMs()[i] : -1)
                    .putFloat(col.maxRh() == null ? Float.NEGATIVE_INFINITY : col.maxRh()[i])
                    .putFloat(col.minBatteryV() == null ? Float.POSITIVE_INFINITY : col.minBatteryV()[i])
                    .put((byte) (col.doorOpen() != null && col.doorOpen()[i] ? 1 : 0));
        }
        return b.array();
    }

    /** Bare ranges (the gap sweep, the evaluator's retries): no extremes, no summary. */
    static byte[] ranges(int[] sensorIds, long[] fromUs, long[] toUs) {
        ByteBuffer b = ByteBuffer.allocate(sensorIds.length * BYTES);
        for (int i = 0; i < sensorIds.length; i++) {
            b.putInt(sensorIds[i])
                    .putLong(fromUs[i])
                    .putLong(toUs[i])
                    .putFloat(Float.NaN)
                    .putFloat(Float.NaN)
                    .putInt(-1)
                    .putFloat(Float.NEGATIVE_INFINITY)
                    .putFloat(Float.POSITIVE_INFINITY)
                    .put((byte) 0);
        }
        return b.array();
    }

    /** Each record's range and extremes, without its summary (for a look ahead). */
    static void forEachRange(byte[] entries, Consumer<Change> out) {
        check(entries);
        ByteBuffer b = ByteBuffer.wrap(entries);
        for (int at = 0; at < entries.length; at += BYTES) {
            out.accept(new Change(
                    0,
                    b.getInt(at),
                    ReadingChangeStore.micros(b.getLong(at + 4)),
                    ReadingChangeStore.micros(b.getLong(at + 12)),
                    b.getFloat(at + 20),
                    b.getFloat(at + 24)));
        }
    }

    private static void check(byte[] entries) {
        if (entries.length % BYTES != 0) {
            throw new IllegalStateException(
                    "a reading_change_sets row holds " + entries.length + " bytes, not records of " + BYTES);
        }
    }

    /**
     * Merges the records of several rows per sensor. A sensor's merged change has a summary only if
     * every row naming it has one ({@code received} not null). Its longest silence is the longest of
     * each batch's own and of the stretches no batch's range covers (the ranges swept in time order):
     * two consecutive readings from different batches have no batch's range reaching between them
     * unless that batch has readings on both sides, whose silence is then at least as long. So it is
     * an upper bound, and exact when the ranges do not overlap (the merge in SQL it replaces bounded
     * it by {@code max(from) - min(to)}, the span of every batch but the first and the last).
     */
    static final class Merge {
        private final Map<Integer, Acc> bySensor = new HashMap<>();
        private long entries;

        /** One row's records; {@code received} its oldest reception, null when it has no summary. */
        void add(byte[] rowEntries, Instant received) {
            check(rowEntries);
            ByteBuffer b = ByteBuffer.wrap(rowEntries);
            for (int at = 0; at < rowEntries.length; at += BYTES) {
                bySensor.computeIfAbsent(b.getInt(at), k -> new Acc()).add(b, at, received);
                entries++;
            }
        }

        /** How many records were added, before merging. */
        long entries() {
            return entries;
        }

        /** Each sensor's merged change (id 0). */
        void forEach(Consumer<Change> out) {
            bySensor.forEach((sensor, a) -> out.accept(a.change(sensor)));
        }
    }

    /** One sensor's records so far. NaN extremes are "not known" and give way to any known one. */
    private static final class Acc {
        long[] from = new long[4];
        long[] to = new long[4];
        int n;
        float minC = Float.NaN;
        float maxC = Float.NaN;
        boolean summarised = true;
        long gapMs;
        float maxRh = Float.NEGATIVE_INFINITY;
        float minBatteryV = Float.POSITIVE_INFINITY;
        boolean doorOpen;
        Instant received;

        void add(ByteBuffer b, int at, Instant rowReceived) {
            if (n == from.length) {
                from = Arrays.copyOf(from, n * 2);
                to = Arrays.copyOf(to, n * 2);
            }
            from[n] = b.getLong(at + 4);
            to[n] = b.getLong(at + 12);
            n++;
            minC = known(minC, b.getFloat(at + 20), false);
            maxC = known(maxC, b.getFloat(at + 24), true);
            if (rowReceived == null || !summarised) {
                summarised = false;
                return;
            }
            gapMs = Math.max(gapMs, b.getInt(at + 28));
            maxRh = Math.max(maxRh, b.getFloat(at + 32));
            minBatteryV = Math.min(minBatteryV, b.getFloat(at + 36));
            doorOpen |= b.get(at + 40) != 0;
            received = received == null || rowReceived.isAfter(received) ? rowReceived : received;
        }

        private static float known(float sofar, float v, boolean max) {
            if (Float.isNaN(v)) {
                return sofar;
            }
            if (Float.isNaN(sofar)) {
                return v;
            }
            return max ? Math.max(sofar, v) : Math.min(sofar, v);
        }

        Change change(int sensor) {
            // The ranges in order of their start; sorted by index so that each keeps its end.
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            if (n > 1) {
                Arrays.sort(order, (x, y) -> Long.compare(from[x], from[y]));
            }
            long start = from[order[0]];
            long covered = to[order[0]];
            long uncovered = 0;
            for (int k = 1; k < n; k++) {
                int i = order[k];
                uncovered = Math.max(uncovered, from[i] - covered);
                covered = Math.max(covered, to[i]);
            }
            ChangeSummary summary = summarised
                    ? new ChangeSummary(
                            Math.max(gapMs, ChangeSummary.millisUp(uncovered)), maxRh, minBatteryV, doorOpen, received)
                    : null;
            return new Change(
                    0,
                    sensor,
                    ReadingChangeStore.micros(start),
                    ReadingChangeStore.micros(covered),
                    minC,
                    maxC,
                    summary);
        }
    }
}
