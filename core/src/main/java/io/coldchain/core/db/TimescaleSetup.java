package io.coldchain.core.db;

import io.coldchain.core.config.ConfigException;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.config.StorageOptions.TimescaleMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code readings} into a TimescaleDB hypertable with compression (segmented by
 * sensor, ordered by time) and a continuous aggregate of 15-minute rollups per sensor, when the
 * extension can be created. Retention is not a TimescaleDB
 * policy: the records module's retention job keeps what batches still need. Every step is
 * idempotent, so it runs at each start-up and follows configuration changes of the two intervals.
 *
 * <p>Owns the TimescaleDB catalogue calls; the plain schema is in the numbered migrations.
 */
public final class TimescaleSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TimescaleSetup.class);

    /** What is in force after start-up; exposed on /health. */
    public record Result(boolean timescale, String version, String detail) {}

    /** The continuous aggregate of readings, present only with TimescaleDB (read by the records' SeriesStore). */
    public static final String ROLLUP_VIEW = "reading_rollups_15m";
    /** Its bucket width: the log's curve buckets that are multiples of it (15 min … 7 d) can be read from it. */
    public static final int ROLLUP_MINUTES = 15;

    private final DataSource ds;
    private final StorageOptions options;

    public TimescaleSetup(DataSource ds, StorageOptions options) {
        this.ds = ds;
        this.options = options;
    }

    public Result apply() {
        if (options.timescale() == TimescaleMode.OFF) {
            return new Result(false, null, "TimescaleDB switched off (storage.timescale=off): plain PostgreSQL tables");
        }
        try (Connection c = ds.getConnection()) {
            String version = installedOrCreate(c);
            if (version == null) {
                String why =
                        "TimescaleDB extension not available on this server: plain PostgreSQL tables, no compression";
                if (options.timescale() == TimescaleMode.REQUIRED) {
                    throw new ConfigException(
                            "storage.timescale=required but " + why
                                    + ". Install TimescaleDB and add it to shared_preload_libraries, or set COLDCHAIN_STORAGE_TIMESCALE=auto.");
                }
                LOG.info(why);
                return new Result(false, null, why);
            }
            try (Statement st = c.createStatement()) {
                st.execute("SELECT create_hypertable('readings', by_range('ts', INTERVAL '1 day'), "
                        + "if_not_exists => true, migrate_data => true)");
                st.execute("ALTER TABLE readings SET (timescaledb.compress, "
                        + "timescaledb.compress_segmentby = 'sensor_id', timescaledb.compress_orderby = 'ts DESC')");
                // Policies are replaced so that a changed interval takes effect.
                st.execute("SELECT remove_compression_policy('readings', if_exists => true)");
                st.execute("SELECT add_compression_policy('readings', compress_after => INTERVAL '"
                        + interval(options.compressAfter()) + "')");
                // No retention policy: drop_chunks drops whole chunks by age alone and cannot keep the readings a
                // batch still needs (max(shelf life + 6 months, 2 years), Food Safety Law). The records module's
                // retention job deletes by that rule instead; a policy left by an older version is removed.
                st.execute("SELECT remove_retention_policy('readings', if_exists => true)");
                createRollups(st);
            }
            String detail = "TimescaleDB " + version + ": readings hypertable, compression after "
                    + options.compressAfter().toDays() + " d, " + ROLLUP_MINUTES
                    + "-minute rollups (continuous aggregate), retention by the records job ("
                    + options.retention().toDays() + " d, batches' needs kept)";
            LOG.info(detail);
            return new Result(true, version, detail);
        } catch (SQLException e) {
            throw new IllegalStateException("TimescaleDB setup failed: " + e.getMessage(), e);
        }
    }

    /**
     * The continuous aggregate {@value #ROLLUP_VIEW}: per sensor and {@value #ROLLUP_MINUTES}-minute
     * bucket, min, max, sum and count of temperatures (sum, not avg, so that buckets can be merged into
     * wider ones exactly as the plain query would). Real-time (materialized_only = false): buckets past
     * the last refresh are computed from the readings at query time. The refresh policy covers the whole
     * history (start_offset NULL) so that late readings, however old, and retention's deletions are
     * folded in at its next run; between a late reading and that run, its buckets show the earlier
     * values (the log's summaries, gaps and excursions always come from the readings themselves).
     */
    private void createRollups(Statement st) throws SQLException {
        st.execute("CREATE MATERIALIZED VIEW IF NOT EXISTS " + ROLLUP_VIEW
                + " WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS"
                + " SELECT sensor_id, time_bucket(INTERVAL '" + ROLLUP_MINUTES + " minutes', ts) AS bucket,"
                + " min(temp_c) AS min_c, max(temp_c) AS max_c, sum(temp_c) AS sum_c, count(*) AS n"
                + " FROM readings GROUP BY sensor_id, bucket WITH NO DATA");
        st.execute("SELECT remove_continuous_aggregate_policy('" + ROLLUP_VIEW + "', if_exists => true)");
        st.execute("SELECT add_continuous_aggregate_policy('" + ROLLUP_VIEW + "', start_offset => NULL, "
                + "end_offset => INTERVAL '" + ROLLUP_MINUTES + " minutes', schedule_interval => INTERVAL '"
                + ROLLUP_MINUTES + " minutes')");
    }

    /** A PostgreSQL interval literal, in days when whole days (as operators read them in the jobs view). */
    static String interval(java.time.Duration d) {
        long s = d.toSeconds();
        return s % 86_400 == 0 ? (s / 86_400) + " days" : s + " seconds";
    }

    /** The installed extension version, creating the extension if the server offers it; null if not possible. */
    private String installedOrCreate(Connection c) throws SQLException {
        String installed = query(c, "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'");
        if (installed != null) {
            return installed;
        }
        if (query(c, "SELECT name FROM pg_available_extensions WHERE name = 'timescaledb'") == null) {
            return null;
        }
        boolean auto = c.getAutoCommit();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
            return query(c, "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'");
        } catch (SQLException e) {
            // Typically: the library is not in shared_preload_libraries.
            LOG.warn("TimescaleDB is packaged on the server but cannot be created: {}", e.getMessage());
            if (!auto) {
                c.rollback();
            }
            return null;
        }
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
