package io.coldchain.ingest.store;

import io.coldchain.core.model.Reading;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A batch of readings in PostgreSQL's binary {@code COPY} format, in the column order of {@code
 * readings}. Binary, not text: the database then parses no numbers or times (text parsing of the
 * doubles and times was a fifth of the database's work per row), and we format none.
 *
 * <p>Format (PostgreSQL manual, "COPY", binary format): an 11-byte signature, flags and header
 * extension length; per row the field count and each field as length + bytes (-1 for NULL); a
 * trailer of -1. Times are microseconds since 2000-01-01 UTC, doubles their IEEE 754 bits.
 */
public final class BinaryReadingCopy {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in Unix microseconds. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private static final short FIELDS = 9;
    /** Bytes of a row without the gateway's text: counts, lengths and fixed-size values. */
    private static final int FIXED_ROW_BYTES = 2 + 9 * 4 + 4 + 8 + 8 + 8 + 8 + 8 + 1 + 8;

    private BinaryReadingCopy() {}

    /**
     * {@code COPY}s the rows {@code order[0..]} of {@code readings} into {@code table} (whose columns
     * are those of {@code readings}) in the caller's transaction.
     *
     * @return rows copied
     */
    public static long copy(Connection c, String table, List<Reading> readings, int[] sensorIds, int[] order)
            throws SQLException {
        ByteBuffer data = encode(readings, sensorIds, order);
        CopyIn in = c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY " + table
                        + " (sensor_id, ts, gateway, received_at, temp_c, rh, battery_v, door_open, seq) "
                        + "FROM STDIN (FORMAT binary)");
        try {
            in.writeToCopy(data.array(), 0, data.position());
            return in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
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
            ts[i] = micros(readings.get(i).ts());
            bySensor[i] = ((long) sensorIds[i] << 32) | i;
        }
        java.util.Arrays.sort(bySensor);
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

    static ByteBuffer encode(List<Reading> readings, int[] sensorIds, int[] order) {
        int size = SIGNATURE.length + 8 + 2;
        for (int i : order) {
            size += FIXED_ROW_BYTES + readings.get(i).gateway().length() * 4;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(SIGNATURE).putInt(0).putInt(0);
        String lastGateway = null;
        byte[] gatewayBytes = null;
        for (int i : order) {
            Reading r = readings.get(i);
            // A batch holds few gateways, mostly in runs: encode each run's name once.
            if (!r.gateway().equals(lastGateway)) {
                lastGateway = r.gateway();
                gatewayBytes = lastGateway.getBytes(StandardCharsets.UTF_8);
            }
            b.putShort(FIELDS);
            b.putInt(4).putInt(sensorIds[i]);
            b.putInt(8).putLong(pgMicros(r.ts()));
            b.putInt(gatewayBytes.length).put(gatewayBytes);
            b.putInt(8).putLong(pgMicros(ReadingStore.receivedSecond(r.receivedAt())));
            b.putInt(8).putDouble(r.tempC());
            putDouble(b, r.rh());
            putDouble(b, r.batteryV());
            if (r.doorOpen() == null) {
                b.putInt(-1);
            } else {
                b.putInt(1).put((byte) (r.doorOpen() ? 1 : 0));
            }
            if (r.seq() == null) {
                b.putInt(-1);
            } else {
                b.putInt(8).putLong(r.seq());
            }
        }
        b.putShort((short) -1);
        return b;
    }

    private static void putDouble(ByteBuffer b, Double v) {
        if (v == null) {
            b.putInt(-1);
        } else {
            b.putInt(8).putDouble(v);
        }
    }

    /** Event time in PostgreSQL's binary form (microseconds are its resolution; finer is cut, as in text). */
    static long pgMicros(Instant t) {
        return micros(t) - PG_EPOCH_MICROS;
    }

    private static long pgMicros(long unixMicros) {
        return unixMicros - PG_EPOCH_MICROS;
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
