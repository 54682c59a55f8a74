package io.coldchain.core.db;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's binary {@code COPY} format, then sent in one {@code COPY … FROM STDIN}. For
 * the hot write paths: the database parses no numbers or times (text parsing of doubles and times
 * was most of its work per row), and we format none.
 *
 * <p>Format (PostgreSQL manual, "COPY", binary format): an 11-byte signature, flags and header
 * extension length; per row the field count and each field as length + bytes (-1 for NULL); a
 * trailer of -1. Times are microseconds since 2000-01-01 UTC, doubles their IEEE 754 bits.
 */
public final class BinaryCopy {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in Unix microseconds. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    /** Bytes of the header and the trailer. */
    public static final int FRAME_BYTES = 11 + 4 + 4 + 2;

    private final ByteBuffer b;

    /** @param capacity an upper bound of the bytes of every row plus {@link #FRAME_BYTES} */
    public BinaryCopy(int capacity) {
        b = ByteBuffer.allocate(capacity);
        b.put(SIGNATURE).putInt(0).putInt(0);
    }

    public BinaryCopy row(int fields) {
        b.putShort((short) fields);
        return this;
    }

    public BinaryCopy int4(int v) {
        b.putInt(4).putInt(v);
        return this;
    }

    public BinaryCopy int8(Long v) {
        if (v == null) {
            b.putInt(-1);
        } else {
            b.putInt(8).putLong(v);
        }
        return this;
    }

    public BinaryCopy float8(double v) {
        b.putInt(8).putDouble(v);
        return this;
    }

    public BinaryCopy float8(Double v) {
        return v == null ? nullField() : float8(v.doubleValue());
    }

    public BinaryCopy bool(Boolean v) {
        if (v == null) {
            return nullField();
        }
        b.putInt(1).put((byte) (v ? 1 : 0));
        return this;
    }

    /** A {@code bytea}: its bytes as they are. */
    public BinaryCopy bytea(byte[] v) {
        b.putInt(v.length).put(v);
        return this;
    }

    /** Text already encoded as UTF-8. */
    public BinaryCopy text(byte[] utf8) {
        b.putInt(utf8.length).put(utf8);
        return this;
    }

    /** A timestamptz given in Unix microseconds. */
    public BinaryCopy timestamptz(long unixMicros) {
        b.putInt(8).putLong(unixMicros - PG_EPOCH_MICROS);
        return this;
    }

    public BinaryCopy timestamptz(Instant t) {
        return timestamptz(unixMicros(t));
    }

    /** A NULL field. */
    public BinaryCopy nullField() {
        b.putInt(-1);
        return this;
    }

    /**
     * Sends the rows in the caller's transaction. Once: it ends the data with the trailer.
     *
     * @param target table and column list, e.g. {@code readings (sensor_id, ts)}
     * @return rows copied
     */
    public long copyInto(Connection c, String target) throws SQLException {
        b.putShort((short) -1);
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " FROM STDIN (FORMAT binary)");
        try {
            in.writeToCopy(b.array(), 0, b.position());
            return in.endCopy();
        } catch (SQLException e) {
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException cancel) {
                    e.addSuppressed(cancel); // the first error is the one to report
                }
            }
            throw e;
        }
    }

    /** Microseconds since 1970, PostgreSQL's resolution (finer is cut, the same on every write path). */
    public static long unixMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
