package io.coldchain.app;

import io.coldchain.core.model.Reading;
import io.coldchain.ingest.store.BinaryReadingCopy;
import io.coldchain.simulator.LoadGenerator;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The bench's ceiling: the same rows as the end-to-end run, {@code COPY}ed straight into a table
 * equivalent to {@code readings} (same columns, key and indexes; a hypertable with the same chunk
 * interval when TimescaleDB is in use), in {@code sessions} sessions, one transaction per batch of
 * the writer's size. Nothing of ours is in the way (no staging table, no duplicate check, no
 * sensor keys, no savepoint), so end-to-end ÷ this is the share of the database's own speed that
 * ingest reaches. Two forms: text {@code COPY} of the rows as generated (what {@code psql \copy}
 * of a CSV does), and binary {@code COPY} of each batch in key order (what ingest itself sends: the
 * fastest straight COPY we know, so the stricter ceiling). The table is dropped afterwards.
 */
final class CopyCeiling {
    private static final String TABLE = "bench_copy_ceiling";

    private final DataSource pool;
    private final boolean timescale;
    private final int sessions;
    private final int batchReadings;

    CopyCeiling(DataSource pool, boolean timescale, int sessions, int batchReadings) {
        this.pool = pool;
        this.timescale = timescale;
        this.sessions = sessions;
        this.batchReadings = batchReadings;
    }

    /** @return rows per second over all sessions */
    double measure(LoadGenerator.Plan plan, boolean binary) throws Exception {
        create();
        try {
            return copy(plan, binary);
        } finally {
            try (Connection c = pool.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + TABLE);
            }
        }
    }

    private void create() throws SQLException {
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            // LIKE … INCLUDING ALL copies the key and the indexes (a hypertable's ts index too).
            st.execute("CREATE TABLE " + TABLE + " (LIKE readings INCLUDING ALL)");
            if (timescale) {
                st.execute("SELECT create_hypertable('" + TABLE + "', by_range('ts', INTERVAL '1 day'))");
            }
        }
    }

    private double copy(LoadGenerator.Plan plan, boolean binary) throws Exception {
        LoadGenerator gen = new LoadGenerator(plan);
        int perMessage = plan.readingsPerMessage();
        int messagesPerBatch = Math.max(1, batchReadings / perMessage);
        long perGateway = plan.totalReadings() / perMessage / plan.gateways();
        long totalMessages = perGateway * plan.gateways();
        return ParallelBatches.rowsPerSecond(
                "COPY ceiling", sessions, totalMessages, messagesPerBatch, totalMessages * perMessage, () -> {
                    Connection c = pool.getConnection();
                    c.setAutoCommit(true);
                    return new ParallelBatches.Session() {
                        @Override
                        public long write(long first, long end) throws Exception {
                            List<Reading> batch = new ArrayList<>(batchReadings);
                            for (long i = first; i < end; i++) {
                                batch.addAll(gen.readings((int) (i / perGateway), i % perGateway, Instant.now()));
                            }
                            int[] ids = new int[batch.size()];
                            for (int i = 0; i < ids.length; i++) {
                                Reading r = batch.get(i);
                                ids[i] = gatewayIndex(r) * plan.sensorsPerGateway() + sensorIndex(r) + 1;
                            }
                            return binary ? copyBinary(c, batch, ids) : copyText(c, batch, ids);
                        }

                        @Override
                        public void close() throws SQLException {
                            c.close();
                        }
                    };
                });
    }

    private static long copyBinary(Connection c, List<Reading> batch, int[] ids) throws SQLException {
        int[] order = BinaryReadingCopy.keyOrder(batch, ids);
        if (order == null) {
            throw new IllegalStateException("the load generator sent one key twice in a batch");
        }
        return BinaryReadingCopy.copy(c, TABLE, batch, ids, order);
    }

    private long copyText(Connection c, List<Reading> batch, int[] ids) throws Exception {
        StringBuilder rows = new StringBuilder(batchReadings * 96);
        for (int i = 0; i < ids.length; i++) {
            row(rows, ids[i], batch.get(i));
        }
        return c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY " + TABLE + " FROM STDIN", new StringReader(rows.toString()));
    }

    /** The gateway's number, from {@link LoadGenerator#gatewayId}'s "gw-G". */
    private static int gatewayIndex(Reading r) {
        return Integer.parseInt(r.gateway().substring(r.gateway().lastIndexOf('-') + 1));
    }

    /** The sensor's number within its gateway, from {@link LoadGenerator#sensorId}'s "gw-G-pS". */
    private static int sensorIndex(Reading r) {
        String s = r.sensor();
        return Integer.parseInt(s.substring(s.lastIndexOf("-p") + 2));
    }

    /** One row in COPY's text format, the columns of {@code readings} in order. */
    private static void row(StringBuilder out, int sensorId, Reading r) {
        out.append(sensorId)
                .append('\t')
                .append(r.ts())
                .append('\t')
                .append(r.gateway())
                .append('\t')
                .append(r.receivedAt())
                .append('\t')
                .append(r.tempC())
                .append('\t')
                .append(r.rh() == null ? "\\N" : r.rh().toString())
                .append('\t')
                .append(r.batteryV() == null ? "\\N" : r.batteryV().toString())
                .append('\t')
                .append(r.doorOpen() == null ? "\\N" : r.doorOpen() ? "t" : "f")
                .append('\t')
                .append(r.seq() == null ? "\\N" : r.seq().toString())
                .append('\n');
    }
}
