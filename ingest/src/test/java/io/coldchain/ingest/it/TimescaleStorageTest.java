package io.coldchain.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.ConfigException;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.config.StorageOptions.TimescaleMode;
import io.coldchain.core.db.Database;
import io.coldchain.core.db.TimescaleSetup;
import io.coldchain.ingest.codec.MessageDecoder;
import io.coldchain.ingest.write.BatchWriter;
import io.coldchain.ingest.write.InboundMessage;
import io.coldchain.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The storage modes: TimescaleDB hypertable with compression and the 15-minute rollup view when the extension is
 * there; the same schema on plain PostgreSQL otherwise; and a clear failure when TimescaleDB is
 * required but absent.
 */
class TimescaleStorageTest {
    private static final StorageOptions AUTO =
            new StorageOptions(TimescaleMode.AUTO, Duration.ofDays(7), Duration.ofDays(3 * 366));

    private static HikariDataSource freshPool() {
        TestDatabase db = TestDatabase.get();
        return Database.pool(db.newDatabase("storage"), db.user(), db.password(), 3, "storage-test");
    }

    private static boolean timescaleAvailable(HikariDataSource ds) throws Exception {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT count(*) FROM pg_available_extensions WHERE name = 'timescaledb'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static String query(HikariDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static List<InboundMessage> messages(String tenant, Instant t0, double temp) {
        String topic = "coldchain/v1/" + tenant + "/gw/readings";
        StringBuilder sb = new StringBuilder("{\"readings\":[");
        for (int i = 0; i < 100; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"sensor\":\"p")
                    .append(i % 5)
                    .append("\",\"ts\":")
                    .append(t0.toEpochMilli() + (i / 5) * 60_000L)
                    .append(",\"temp_c\":")
                    .append(temp)
                    .append('}');
        }
        byte[] payload = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.now();
        return List.of(InboundMessage.readings(
                topic,
                payload,
                now,
                System.nanoTime(),
                new MessageDecoder(Clock.systemUTC()).decode(topic, payload, now),
                () -> {}));
    }

    @Test
    void timescale_hypertable_with_compression_and_no_age_only_retention_when_available() throws Exception {
        try (HikariDataSource ds = freshPool()) {
            Assumptions.assumeTrue(
                    timescaleAvailable(ds),
                    "TimescaleDB is not available on the test PostgreSQL ("
                            + TestDatabase.get().kind() + "): skipping the Timescale path. "
                            + "Run with COLDCHAIN_TEST_DB_URL pointing at a server with timescaledb in shared_preload_libraries (or with Docker).");
            TimescaleSetup.Result r = Database.migrate(ds, AUTO);
            assertThat(r.timescale()).isTrue();
            assertThat(query(ds, "SELECT hypertable_name FROM timescaledb_information.hypertables"))
                    .isEqualTo("readings");
            assertThat(query(
                            ds,
                            "SELECT string_agg(attname, ',' ORDER BY segmentby_column_index) FROM timescaledb_information.compression_settings "
                                    + "WHERE hypertable_name = 'readings' AND segmentby_column_index IS NOT NULL"))
                    .isEqualTo("sensor_id");
            assertThat(query(
                            ds,
                            "SELECT ((config->>'compress_after')::interval = interval '7 days')::text FROM timescaledb_information.jobs "
                                    + "WHERE hypertable_name = 'readings' AND proc_name = 'policy_compression'"))
                    .isEqualTo("true");
            // The 15-minute rollups (continuous aggregate) with a refresh policy over the whole history.
            assertThat(query(
                            ds,
                            "SELECT materialized_only::text FROM timescaledb_information.continuous_aggregates "
                                    + "WHERE view_name = '" + TimescaleSetup.ROLLUP_VIEW + "'"))
                    .isEqualTo("false");
            assertThat(query(
                            ds,
                            "SELECT (config->>'start_offset' IS NULL)::text FROM timescaledb_information.jobs "
                                    + "WHERE proc_name = 'policy_refresh_continuous_aggregate'"))
                    .isEqualTo("true");
            // No retention policy: drop_chunks cannot keep what batches still need; the records job deletes instead.
            assertThat(query(
                            ds,
                            "SELECT count(*) FROM timescaledb_information.jobs "
                                    + "WHERE hypertable_name = 'readings' AND proc_name = 'policy_retention'"))
                    .isEqualTo("0");

            // Readings go in; a duplicate into a compressed chunk is still stored once.
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(30));
            BatchWriter w = new BatchWriter(ds);
            assertThat(w.write(messages("ts", t0, 4.0)).inserted).isEqualTo(100);
            query(ds, "SELECT count(compress_chunk(c)) FROM show_chunks('readings') c");
            var again = w.write(messages("ts", t0, 4.0));
            assertThat(again.inserted).isZero();
            assertThat(again.duplicates).isEqualTo(100);
            assertThat(query(ds, "SELECT count(*) FROM readings")).isEqualTo("100");

            // Idempotent at the next start, and a changed interval takes effect.
            Database.migrate(ds, new StorageOptions(TimescaleMode.AUTO, Duration.ofDays(2), Duration.ofDays(3 * 366)));
            assertThat(query(
                            ds,
                            "SELECT ((config->>'compress_after')::interval = interval '2 days')::text FROM timescaledb_information.jobs "
                                    + "WHERE hypertable_name = 'readings' AND proc_name = 'policy_compression'"))
                    .isEqualTo("true");
            assertThat(
                            query(
                                    ds,
                                    "SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_refresh_continuous_aggregate'"))
                    .isEqualTo("1");
        }
    }

    @Test
    void plain_postgresql_uses_the_same_schema() throws Exception {
        try (HikariDataSource ds = freshPool()) {
            TimescaleSetup.Result r = Database.migrate(
                    ds, new StorageOptions(TimescaleMode.OFF, Duration.ofDays(7), Duration.ofDays(800)));
            assertThat(r.timescale()).isFalse();
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3));
            BatchWriter w = new BatchWriter(ds);
            assertThat(w.write(messages("plain", t0, 4.0)).inserted).isEqualTo(100);
            var conflict = w.write(messages("plain", t0, 7.0));
            assertThat(conflict.duplicates).isEqualTo(100);
            assertThat(conflict.conflicts).isEqualTo(100);
            assertThat(query(ds, "SELECT count(*) FROM reading_conflicts")).isEqualTo("100");
            assertThat(query(ds, "SELECT max(temp_c) FROM readings")).isEqualTo("4");
        }
    }

    @Test
    void required_timescale_on_plain_postgresql_fails_with_what_to_do() throws Exception {
        try (HikariDataSource ds = freshPool()) {
            Assumptions.assumeFalse(
                    timescaleAvailable(ds), "TimescaleDB is available here; the failure case needs a plain server");
            assertThatThrownBy(() -> Database.migrate(
                            ds, new StorageOptions(TimescaleMode.REQUIRED, Duration.ofDays(7), Duration.ofDays(800))))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("COLDCHAIN_STORAGE_TIMESCALE")
                    .hasMessageContaining("shared_preload_libraries");
        }
    }
}
