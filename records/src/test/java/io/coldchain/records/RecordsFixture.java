package io.coldchain.records;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.db.Database;
import io.coldchain.core.model.Reading;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.SensorKeyStore;
import io.coldchain.ingest.store.SensorKeyStore.SensorKey;
import io.coldchain.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * A fresh, migrated PostgreSQL database (testkit) with helpers that write the registry rows and
 * store readings through ingest's own store, as the backend does.
 */
final class RecordsFixture implements AutoCloseable {
    final HikariDataSource pool;
    private final SensorKeyStore keys = new SensorKeyStore();
    private final ReadingStore readings = new ReadingStore();

    RecordsFixture(String prefix) {
        String url = TestDatabase.get().newDatabase(prefix);
        pool = Database.pool(url, TestDatabase.get().user(), TestDatabase.get().password(), 4, prefix);
        Database.migrate(pool, StorageOptions.defaults());
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    void sql(String... statements) throws SQLException {
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** Stores readings through ingest's ReadingStore, received at {@code receivedAt}. */
    void store(String tenant, String sensor, Instant receivedAt, List<double[]> tsEpochSecondAndTemp)
            throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            int id = keys.keys(c, List.of(new SensorKey(tenant, sensor))).get(new SensorKey(tenant, sensor));
            List<Reading> rows = tsEpochSecondAndTemp.stream()
                    .map(p -> new Reading(
                            tenant,
                            "gw-1",
                            sensor,
                            Instant.ofEpochSecond((long) p[0]),
                            p[1],
                            80.0,
                            3.0,
                            false,
                            null,
                            receivedAt))
                    .toList();
            int[] ids = new int[rows.size()];
            java.util.Arrays.fill(ids, id);
            readings.insert(c, rows, ids);
            c.commit();
        }
    }

    void site(String tenant, String site, String region) throws SQLException {
        exec(
                "INSERT INTO sites (tenant, site, name, kind, region, address) VALUES (?, ?, ?, 'store', ?, 'No. 1 Road')",
                tenant,
                site,
                "Store " + site,
                region);
    }

    void asset(String tenant, String asset, String kind, String site, String profile) throws SQLException {
        exec(
                "INSERT INTO assets (tenant, asset, name, kind, site, profile) VALUES (?, ?, ?, ?, ?, ?)",
                tenant,
                asset,
                "Asset " + asset,
                kind,
                site,
                profile);
    }

    void sensor(String tenant, String sensor, String asset, Integer intervalS) throws SQLException {
        exec(
                "INSERT INTO sensors (tenant, sensor, gateway, asset, expected_interval_s) VALUES (?, ?, 'gw-1', ?, ?)",
                tenant,
                sensor,
                asset,
                intervalS);
        // As the registry's sensor PUT does: the first assignment holds from -infinity.
        exec(
                "INSERT INTO sensor_assignments (tenant, sensor, asset, valid_from) VALUES (?, ?, ?, '-infinity')",
                tenant,
                sensor,
                asset);
    }

    void exec(String sql, Object... args) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                ps.setObject(i + 1, a instanceof Instant t ? java.sql.Timestamp.from(t) : a);
            }
            ps.execute();
        }
    }

    /** Whether this database has TimescaleDB (readings a hypertable, the rollup view present). */
    boolean timescale() throws SQLException {
        return count("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'") > 0;
    }

    /** TimescaleDB: compresses every chunk of readings now (as the policy does once they are old); returns how many are compressed. */
    long compressAllChunks() throws SQLException {
        sql("SELECT compress_chunk(c, if_not_compressed => true) FROM show_chunks('readings') c");
        return count(
                "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'readings' AND is_compressed");
    }

    long count(String sql, Object... args) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                ps.setObject(i + 1, a instanceof Instant t ? java.sql.Timestamp.from(t) : a);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
