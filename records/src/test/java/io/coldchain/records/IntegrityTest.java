package io.coldchain.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.records.digest.ChainDigest;
import io.coldchain.records.digest.DaySealer;
import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.records.digest.IntegrityCheck.Report;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sealing, tamper detection and late data, against a real PostgreSQL. */
class IntegrityTest {
    private static final Instant DAY1 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-04T06:00:00Z");
    private static RecordsFixture db;
    private final DigestStore store = new DigestStore();
    private final DaySealer sealer = new DaySealer(store, Duration.ofMinutes(10), Duration.ofDays(30));
    private final IntegrityCheck check = new IntegrityCheck(store);

    @BeforeAll
    static void start() {
        db = new RecordsFixture("integrity");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    /** Readings every 10 minutes on three days, received an hour after they were taken. */
    private static void threeDays(String tenant, String sensor) throws Exception {
        for (int d = 0; d < 3; d++) {
            List<double[]> rows = new ArrayList<>();
            Instant start = DAY1.plus(Duration.ofDays(d));
            for (int i = 0; i < 144; i++) {
                rows.add(new double[] {start.getEpochSecond() + i * 600L, 4.0 + (i % 7) * 0.1});
            }
            db.store(tenant, sensor, start.plus(Duration.ofHours(25)), rows);
        }
    }

    private Report verify(String tenant, Optional<String> sensor) throws Exception {
        try (Connection c = db.connection()) {
            return check.check(c, tenant, sensor, LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-03"), NOW);
        }
    }

    @Test
    void closed_days_are_sealed_in_a_chain_that_anyone_can_recompute() throws Exception {
        threeDays("chain", "p1");
        try (Connection c = db.connection()) {
            DaySealer.Outcome o = sealer.run(c, NOW);
            assertThat(o.sealed()).isEqualTo(3);
            // Run again: nothing new to seal.
            assertThat(sealer.run(c, NOW).sealed()).isZero();
        }
        Report r = verify("chain", Optional.empty());
        assertThat(r.intact()).isTrue();
        assertThat(r.sealsChecked()).isEqualTo(3);
        assertThat(r.digests()).extracting(IntegrityCheck.DayDigest::rowCount).containsExactly(144, 144, 144);

        // The first day's digest recomputed outside the database, from the documented encoding.
        StringBuilder lines = new StringBuilder();
        int sensorId;
        try (Connection c = db.connection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM sensor_keys WHERE tenant = 'chain' AND sensor = 'p1'")) {
            rs.next();
            sensorId = rs.getInt(1);
        }
        for (int i = 0; i < 144; i++) {
            double t = 4.0 + (i % 7) * 0.1;
            lines.append(sensorId)
                    .append('|')
                    .append((DAY1.getEpochSecond() + i * 600L) * 1_000_000L)
                    .append('|')
                    .append(pgFloat(t))
                    .append("|80|3|false|gw-1\n");
        }
        byte[] rowsHash =
                MessageDigest.getInstance("SHA-256").digest(lines.toString().getBytes(StandardCharsets.UTF_8));
        byte[] expected =
                ChainDigest.link(ChainDigest.GENESIS, "chain", "p1", LocalDate.parse("2026-11-01"), 144, rowsHash);
        assertThat(r.digests().get(0).digest()).isEqualTo(HexFormat.of().formatHex(expected));
    }

    /** PostgreSQL's shortest exact float text, as Java's for these values, without a trailing ".0". */
    private static String pgFloat(double v) {
        String s = Double.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    @Test
    void a_reading_altered_in_the_database_is_reported_with_its_sensor_and_day() throws Exception {
        threeDays("tamper", "p1");
        threeDays("tamper", "p2");
        try (Connection c = db.connection()) {
            sealer.run(c, NOW);
        }
        assertThat(verify("tamper", Optional.empty()).intact()).isTrue();

        db.sql(
                "UPDATE readings SET temp_c = 3.1 WHERE sensor_id = (SELECT id FROM sensor_keys WHERE tenant = 'tamper' AND sensor = 'p2') "
                        + "AND ts = '2026-11-02T05:00:00Z'");
        Report r = verify("tamper", Optional.empty());
        assertThat(r.intact()).isFalse();
        assertThat(r.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.sensor()).isEqualTo("p2");
            assertThat(m.day()).isEqualTo(LocalDate.parse("2026-11-02"));
            assertThat(m.kind()).isEqualTo("rows_altered");
            assertThat(m.storedCount()).isEqualTo(144);
            assertThat(m.recomputedCount()).isEqualTo(144);
            assertThat(m.storedDigest()).isNotEqualTo(m.recomputedDigest());
        });

        db.sql(
                "DELETE FROM readings WHERE sensor_id = (SELECT id FROM sensor_keys WHERE tenant = 'tamper' AND sensor = 'p1') "
                        + "AND ts = '2026-11-03T00:00:00Z'");
        Report r2 = verify("tamper", Optional.of("p1"));
        assertThat(r2.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.day()).isEqualTo(LocalDate.parse("2026-11-03"));
            assertThat(m.recomputedCount()).isEqualTo(143);
        });
    }

    @Test
    void a_late_reading_re_seals_its_day_as_a_new_version_and_is_not_tampering() throws Exception {
        threeDays("late", "p1");
        try (Connection c = db.connection()) {
            sealer.run(c, NOW);
        }
        // A gateway's backlog: a reading of 2 November, at a minute no reading was taken, arrives now.
        Instant later = NOW.plus(Duration.ofHours(1));
        db.store("late", "p1", later, List.<double[]>of(new double[] {
            Instant.parse("2026-11-02T05:01:00Z").getEpochSecond(), 9.5
        }));

        Report before = verify("late", Optional.empty());
        assertThat(before.intact()).as("late data is not tampering").isTrue();
        assertThat(before.lateDataPending()).singleElement().satisfies(p -> {
            assertThat(p.day()).isEqualTo(LocalDate.parse("2026-11-02"));
            assertThat(p.lateRows()).isEqualTo(1);
        });

        try (Connection c = db.connection()) {
            DaySealer.Outcome o = sealer.run(c, later.plus(Duration.ofMinutes(11)));
            assertThat(o.resealed()).isEqualTo(1);
            assertThat(o.lateRows()).isEqualTo(1);
        }
        Report after = verify("late", Optional.empty());
        assertThat(after.intact()).isTrue();
        assertThat(after.lateDataPending()).isEmpty();
        assertThat(after.resealed()).singleElement().satisfies(x -> {
            assertThat(x.day()).isEqualTo(LocalDate.parse("2026-11-02"));
            assertThat(x.history()).extracting(IntegrityCheck.Version::version).containsExactly(1, 2);
            assertThat(x.history())
                    .extracting(IntegrityCheck.Version::reason)
                    .containsExactly("closed_day", "late_data");
            assertThat(x.history()).extracting(IntegrityCheck.Version::rowCount).containsExactly(144, 145);
            assertThat(x.history().get(1).lateRows()).isEqualTo(1);
        });
        // The old version is kept and still verifies; the digest table refuses changes.
        try (Connection c = db.connection();
                Statement st = c.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.execute("DELETE FROM reading_digests"))
                    .hasMessageContaining("append-only");
        }
    }
}
