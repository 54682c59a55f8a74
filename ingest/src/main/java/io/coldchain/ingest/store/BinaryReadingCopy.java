package io.coldchain.ingest.store;

import io.coldchain.core.db.BinaryCopy;
import io.coldchain.core.model.Reading;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of readings as a binary {@code COPY} ({@link BinaryCopy}) in the column order of {@code
 * readings}, and the key order the write paths insert in.
 */
public final class BinaryReadingCopy {
    private static final int FIELDS = 9;
    /** Bytes of a row without the gateway's text: field count, lengths and fixed-size values. */
    private static final int FIXED_ROW_BYTES = 2 + FIELDS * 4 + 4 + 8 + 8 + 8 + 8 + 8 + 1 + 8;

    private BinaryReadingCopy() {}

    /**
     * {@code COPY}s the rows {@code order[0..]} of {@code readings} into {@code table} (whose columns
     * are those of {@code readings}) in the caller's transaction.
     *
     * @return rows copied
     */
    public static long copy(Connection c, String table, List<Reading> readings, int[] sensorIds, int[] order)
            throws SQLException {
        int size = BinaryCopy.FRAME_BYTES;
        for (int i : order) {
            size += FIXED_ROW_BYTES + readings.get(i).gateway().length() * 4;
        }
        BinaryCopy rows = new BinaryCopy(size);
        String lastGateway = null;
        byte[] gatewayBytes = null;
        for (int i : order) {
            Reading r = readings.get(i);
            // A batch holds few gateways, mostly in runs: encode each run's name once.
            if (!r.gateway().equals(lastGateway)) {
                lastGateway = r.gateway();
                gatewayBytes = lastGateway.getBytes(StandardCharsets.UTF_8);
            }
            rows.row(FIELDS)
                    .int4(sensorIds[i])
                    .timestamptz(r.ts())
                    .text(gatewayBytes)
                    .timestamptz(ReadingStore.receivedSecond(r.receivedAt()))
                    .float8(r.tempC())
                    .float8(r.rh())
                    .float8(r.batteryV())
                    .bool(r.doorOpen())
                    .int8(r.seq());
        }
        return rows.copyInto(
                c, table + " (sensor_id, ts, gateway, received_at, temp_c, rh, battery_v, door_open, seq)");
    }

    /**
     * The rows' indexes in key order (sensor key, event time), or null when the batch holds a key
     * twice (then only the careful path stores the first value and records the other).
     */
    public static int[] keyOrder(List<Reading> readings, int[] sensorIds) {
        int n = readings.size();
        long[] ts = new long[n];
        // Sensor key in the high half, position in the low: a primitive sort (no comparator objects)
        // puts each sensor's rows together in arrival order.
        long[] bySensor = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = BinaryCopy.unixMicros(readings.get(i).ts());
            bySensor[i] = ((long) sensorIds[i] << 32) | i;
        }
        Arrays.sort(bySensor);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) bySensor[i];
        }
        // Then by event time within each sensor: a gateway's messages come in time order, so an
        // insertion sort has almost nothing to move (a backlog sent newest first is its worst case:
        // quadratic in one sensor's rows in the batch, a few milliseconds at the batch size).
        for (int i = 1; i < n; i++) {
            int row = order[i];
            int j = i - 1;
            while (j >= 0 && sensorIds[order[j]] == sensorIds[row] && ts[order[j]] > ts[row]) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = row;
            if (j >= 0 && sensorIds[order[j]] == sensorIds[row] && ts[order[j]] == ts[row]) {
                return null;
            }
        }
        return order;
    }
}
