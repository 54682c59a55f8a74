package io.coldchain.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.records.digest.DaySealer;
import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.records.retention.RetentionJob;
import io.coldchain.records.retention.RetentionRule;
import io.coldchain.records.retention.RetentionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retention never deletes a reading a batch within its retention period still needs: old readings
 * go only when every batch they concern is past max(expires + 6 months, produced + 2 years), and the
 * global retention has passed.
 */
class RetentionTest {
    static final String T = "ret";
    static final Instant NOW = Instant.parse("2029-06-01T00:00:00Z");
    static RecordsFixture db;

    @BeforeAll
    static void setUp() throws Exception {
        db = new RecordsFixture("retention");
        db.site(T, "store-1", "320300");
        db.site(T, "plant-1", "320300");
        db.asset(T, "case-1", "display_case", "store-1", "dairy-chilled");
        db.asset(T, "room-2", "cold_room", "store-1", null);
        db.asset(T, "truck-1", "truck", null, null);
        db.sensor(T, "case-p", "case-1", 600);
        db.sensor(T, "truck-p", "truck-1", 60);
        db.sensor(T, "spare-p", "case-1", 600);
        // spare-p was on case-1 until 2026-02-15, then moved to room-2 (no batch ever there).
        db.exec(
                "UPDATE sensor_assignments SET valid_to = '2026-02-15T00:00:00Z' WHERE tenant = ? AND sensor = 'spare-p'",
                T);
        db.exec(
                "INSERT INTO sensor_assignments (tenant, sensor, asset, valid_from) VALUES (?, 'spare-p', 'room-2', '2026-02-15T00:00:00Z')",
                T);
        db.sensor(T, "lonely-p", "room-2", 600);
        db.exec("INSERT INTO products (tenant, sku, name, profile) VALUES (?, 'milk', 'Milk', 'dairy-chilled')", T);
        db.exec(
                "INSERT INTO products (tenant, sku, name, profile) VALUES (?, 'powder', 'Formula', 'infant-formula')",
                T);
        // B1: kept until max(2026-06-01 + 6 months, 2025-12-01 + 2 years) = 2027-12-01: past.
        db.exec(
                "INSERT INTO batches (tenant, lot, sku, produced_at, expires_at) VALUES (?, 'B1', 'milk', '2025-12-01T00:00:00Z', '2026-06-01T00:00:00Z')",
                T);
        // B2: long shelf life, kept until 2029-01-01 + 6 months = 2029-07-01: still needed on 2029-06-01.
        db.exec(
                "INSERT INTO batches (tenant, lot, sku, produced_at, expires_at) VALUES (?, 'B2', 'powder', '2026-02-15T00:00:00Z', '2029-01-01T00:00:00Z')",
                T);
        db.exec(
                "INSERT INTO placements (tenant, lot, asset, from_ts, to_ts) VALUES (?, 'B1', 'case-1', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')",
                T);
        db.exec(
                "INSERT INTO shipments (tenant, shipment, asset, origin, destination, departed_at, arrived_at) "
                        + "VALUES (?, 'S2', 'truck-1', 'plant-1', 'store-1', '2026-02-20T00:00:00Z', '2026-02-21T00:00:00Z')",
                T);
        db.exec("INSERT INTO shipment_batches (tenant, shipment, lot, ord) VALUES (?, 'S2', 'B2', 0)", T);
        db.exec(
                "INSERT INTO placements (tenant, lot, asset, from_ts, to_ts) VALUES (?, 'B2', 'case-1', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')",
                T);

        store("case-p", "2026-01-10T12:00:00Z", "2026-03-10T12:00:00Z", "2028-01-01T12:00:00Z");
        store("truck-p", "2026-02-20T12:00:00Z", "2026-02-22T12:00:00Z");
        store("spare-p", "2026-01-10T12:00:00Z", "2026-03-10T12:00:00Z");
        store("lonely-p", "2026-05-05T12:00:00Z", "2028-05-05T12:00:00Z");
        try (Connection c = db.connection()) {
            new DaySealer(new DigestStore(), Duration.ofMinutes(10), Duration.ofDays(30)).run(c, NOW);
        }
        if (db.timescale()) {
            // On TimescaleDB, old readings sit in compressed chunks: the same rules must hold there.
            assertThat(db.compressAllChunks()).isPositive();
        }
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    private static void store(String sensor, String... times) throws Exception {
        List<double[]> rows = new ArrayList<>();
        for (String t : times) {
            rows.add(new double[] {Instant.parse(t).getEpochSecond(), 4.0});
        }
        db.store(T, sensor, Instant.parse(times[times.length - 1]).plusSeconds(60), rows);
    }

    private static List<String> remaining(String sensor) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT ts FROM reading_log WHERE tenant = ? AND sensor = ? ORDER BY ts")) {
            ps.setString(1, T);
            ps.setString(2, sensor);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getTimestamp(1).toInstant().toString());
                }
            }
        }
        return out;
    }

    @Test
    void the_retention_rule_is_the_longer_of_shelf_life_plus_six_months_and_two_years() {
        assertThat(RetentionRule.keepUntil(
                        Instant.parse("2025-12-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2027-12-01T00:00:00Z"));
        assertThat(RetentionRule.keepUntil(
                        Instant.parse("2026-02-15T00:00:00Z"), Instant.parse("2029-01-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2029-07-01T00:00:00Z"));
    }

    @Test
    void only_readings_no_batch_needs_and_older_than_the_retention_are_deleted() throws Exception {
        RetentionJob.Outcome o;
        try (Connection c = db.connection()) {
            o = new RetentionJob(new RetentionStore(), Duration.ofDays(366))
                    .run(c, NOW); // raised to the 2-year minimum
        }
        assertThat(o.cutoff()).isEqualTo(NOW.minus(Duration.ofDays(2 * 366)));
        // case-p: B1's reading goes (B1 is past its retention), B2's stays, the recent one stays.
        assertThat(remaining("case-p")).containsExactly("2026-03-10T12:00:00Z", "2028-01-01T12:00:00Z");
        // truck-p: the reading during B2's shipment stays, the one after it goes.
        assertThat(remaining("truck-p")).containsExactly("2026-02-20T12:00:00Z");
        // spare-p: on case-1 only until 2026-02-15, so B2's placement does not need its March reading.
        assertThat(remaining("spare-p")).isEmpty();
        // lonely-p: never near a batch; only the reading within two years stays.
        assertThat(remaining("lonely-p")).containsExactly("2028-05-05T12:00:00Z");
        assertThat(o.deleted()).isEqualTo(5);

        // Purged days are reported as such by the integrity check, not as tampering.
        try (Connection c = db.connection()) {
            IntegrityCheck.Report r = new IntegrityCheck(new DigestStore())
                    .check(
                            c,
                            T,
                            Optional.of("case-p"),
                            LocalDate.parse("2026-01-01"),
                            LocalDate.parse("2026-04-01"),
                            NOW);
            assertThat(r.mismatches()).isEmpty();
            assertThat(r.purged()).singleElement().satisfies(p -> {
                assertThat(p.day()).isEqualTo(LocalDate.parse("2026-01-10"));
                assertThat(p.rows()).isEqualTo(1);
            });
        }

        // Running again deletes nothing more.
        try (Connection c = db.connection()) {
            assertThat(new RetentionJob(new RetentionStore(), Duration.ofDays(366))
                            .run(c, NOW)
                            .deleted())
                    .isZero();
        }
    }
}
