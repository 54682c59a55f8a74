package io.coldchain.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.records.retention.RetentionJob;
import io.coldchain.records.retention.RetentionStore;
import io.coldchain.testkit.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TimescaleDB only: the retention job on compressed chunks holding more readings than TimescaleDB
 * lets one statement decompress ({@code timescaledb.max_tuples_decompressed_per_dml_transaction},
 * 100,000 by default). A DELETE that decompresses more than its own range (a join to the doomed rows
 * decompressed the whole hypertable) fails here; the job's range deletes must go through, delete
 * exactly what no batch needs, and keep what one does.
 */
class RetentionOnCompressedChunksTest {
    static final String T = "retz";
    static final Instant NOW = Instant.parse("2029-06-01T00:00:00Z");
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    /** Four days of a reading every 2 s: 172,800 per sensor, 345,600 in all. */
    static final int PER_SENSOR = 4 * 86_400 / 2;

    static RecordsFixture db;
    static boolean timescale;

    @BeforeAll
    static void setUp() throws Exception {
        db = new RecordsFixture("retention_compressed");
        timescale = db.timescale();
        if (!timescale) {
            return; // each test says why it is skipped (an assumption here would hide the reason in the reports)
        }
        db.site(T, "store-1", "320300");
        db.asset(T, "case-1", "display_case", "store-1", "dairy-chilled");
        db.asset(T, "room-2", "cold_room", "store-1", null);
        db.sensor(T, "case-p", "case-1", 2);
        db.sensor(T, "room-p", "room-2", 2);
        db.exec(
                "INSERT INTO products (tenant, sku, name, profile) VALUES (?, 'powder', 'Formula', 'infant-formula')",
                T);
        // Kept until 2029-01-01 + 6 months: still needed on NOW, for the hour it spent in case-1.
        db.exec(
                "INSERT INTO batches (tenant, lot, sku, produced_at, expires_at) VALUES (?, 'B', 'powder', '2025-12-01T00:00:00Z', '2029-01-01T00:00:00Z')",
                T);
        db.exec(
                "INSERT INTO placements (tenant, lot, asset, from_ts, to_ts) VALUES (?, 'B', 'case-1', '2026-01-02T10:00:00Z', '2026-01-02T11:00:00Z')",
                T);
        for (String sensor : List.of("case-p", "room-p")) {
            // The sensor key through ingest's store, then the bulk of the rows in SQL (faster than the store for
            // 345,600 rows).
            db.store(T, sensor, START.plusSeconds(86_400 * 5), List.of(new double[] {START.getEpochSecond(), 4.0}));
            db.exec(
                    "INSERT INTO readings (sensor_id, ts, gateway, received_at, temp_c) SELECT k.id, ?::timestamptz + g * interval '2 seconds', "
                            + "'gw-1', ?::timestamptz, 4 + (g % 7) * 0.1 FROM sensor_keys k, generate_series(1, ?) g WHERE k.tenant = ? AND k.sensor = ?",
                    START, START.plusSeconds(86_400 * 5), PER_SENSOR - 1, T, sensor);
        }
        assertThat(db.count("SELECT count(*) FROM readings")).isEqualTo(2L * PER_SENSOR);
        assertThat(db.compressAllChunks()).isEqualTo(4);
    }

    /** Skips a test, saying why, on a server without TimescaleDB. */
    static void assumeTimescale() {
        Assumptions.assumeTrue(
                timescale,
                "TimescaleDB is not available on the test PostgreSQL ("
                        + TestDatabase.get().kind()
                        + "): skipping retention on compressed chunks. Run with COLDCHAIN_TEST_DB_URL pointing at a server with timescaledb "
                        + "in shared_preload_libraries (or with Docker).");
    }

    @AfterAll
    static void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void deletes_what_no_batch_needs_from_compressed_chunks_and_keeps_the_rest() throws Exception {
        assumeTimescale();
        RetentionJob.Outcome o;
        try (Connection c = db.connection()) {
            o = new RetentionJob(new RetentionStore(), Duration.ofDays(3 * 366)).run(c, NOW);
        }
        // The placement's hour stays (1,800 readings, 2 s apart); everything else was older than the cutoff.
        long kept = 3_600 / 2;
        assertThat(db.count("SELECT count(*) FROM reading_log WHERE tenant = ? AND sensor = 'case-p'", T))
                .isEqualTo(kept);
        assertThat(db.count(
                        "SELECT count(*) FROM reading_log WHERE tenant = ? AND sensor = 'case-p' "
                                + "AND ts >= '2026-01-02T10:00:00Z' AND ts < '2026-01-02T11:00:00Z'",
                        T))
                .isEqualTo(kept);
        assertThat(db.count("SELECT count(*) FROM reading_log WHERE tenant = ? AND sensor = 'room-p'", T))
                .isZero();
        assertThat(o.deleted()).isEqualTo(2L * PER_SENSOR - kept);
        assertThat(db.count("SELECT coalesce(sum(rows_deleted), 0) FROM reading_purges"))
                .isEqualTo(o.deleted());

        // Again: nothing more to delete, and what stays is still there.
        try (Connection c = db.connection()) {
            assertThat(new RetentionJob(new RetentionStore(), Duration.ofDays(3 * 366))
                            .run(c, NOW)
                            .deleted())
                    .isZero();
        }
        assertThat(db.count("SELECT count(*) FROM readings")).isEqualTo(kept);
    }
}
