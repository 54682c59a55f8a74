package io.coldchain.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.coldchain.core.db.TimescaleSetup;
import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.log.RecordingIntervals;
import io.coldchain.records.log.RollupViewStore;
import io.coldchain.records.log.SeriesStore;
import io.coldchain.records.log.SeriesStore.Point;
import io.coldchain.records.log.SeriesStore.Request;
import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import io.coldchain.records.log.TemperatureLogService;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.calibration.CalibrationStore;
import io.coldchain.registry.profile.ProfileStore;
import io.coldchain.testkit.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TimescaleDB only (issue 6): the temperature log's rollups from the continuous aggregate
 * {@code reading_rollups_15m} equal the plain query's (date_bin over the readings) for the same
 * readings: whole windows and windows cut mid-quarter-hour (a sensor moved between assets), several
 * bucket widths, buckets past the last refresh (real-time aggregation), and late readings once the
 * view is refreshed. On plain PostgreSQL the view does not exist and the log keeps the plain query
 * (TemperatureLogTest, SealedDaySummariesTest).
 */
class TemperatureLogRollupViewTest {
    static final String T = "roll";
    static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
    static final Instant TO = FROM.plus(Duration.ofDays(15));
    static final Instant NOW = Instant.parse("2026-10-20T00:00:00Z");
    /** Where moved-p left case-1 for room-2: mid-quarter-hour, so its windows end and start inside a view bucket. */
    static final Instant MOVED = Instant.parse("2026-10-06T09:07:30Z");

    static RecordsFixture db;
    static boolean timescale;
    static final SeriesStore series = new SeriesStore();
    static TemperatureLogService service;

    @BeforeAll
    static void setUp() throws Exception {
        db = new RecordsFixture("rollupview");
        timescale = db.timescale();
        if (!timescale) {
            return; // each test says why it is skipped (an assumption here would hide the reason in the reports)
        }
        db.site(T, "store-1", "320300");
        db.site(T, "store-2", "320300");
        db.asset(T, "case-1", "display_case", "store-1", "dairy-chilled");
        db.asset(T, "room-2", "cold_room", "store-1", null);
        db.asset(T, "case-9", "display_case", "store-2", "dairy-chilled");
        db.sensor(T, "case-p", "case-1", 420);
        db.sensor(T, "moved-p", "case-1", 300);
        db.sensor(T, "late-p", "case-9", 420);
        db.exec("UPDATE sensor_assignments SET valid_to = ? WHERE tenant = ? AND sensor = 'moved-p'", MOVED, T);
        db.exec(
                "INSERT INTO sensor_assignments (tenant, sensor, asset, valid_from) VALUES (?, 'moved-p', 'room-2', ?)",
                T,
                MOVED);
        // Every 7 min (not a divisor of 15: buckets hold 2 or 3 readings), every 5 min 13 s off the quarter hours.
        store("case-p", FROM, TO, 420, 0);
        store("moved-p", FROM.plusSeconds(13), TO, 300, 1);
        store("late-p", FROM, TO, 420, 2);
        db.sql("CALL refresh_continuous_aggregate('" + TimescaleSetup.ROLLUP_VIEW + "', NULL, NULL)");
        // The tests refresh the view themselves: the policy's background runs are paused in this database.
        db.sql("SELECT alter_job(job_id, scheduled => false) FROM timescaledb_information.jobs "
                + "WHERE proc_name = 'policy_refresh_continuous_aggregate'");
        service = new TemperatureLogService(
                new RegistryView(),
                new AttributionStore(),
                new ProfileStore(),
                series,
                new CalibrationStore(),
                new DigestStore(),
                new InMemoryExcursions());
    }

    /** Skips a test, saying why, on a server without TimescaleDB. */
    static void assumeTimescale() {
        Assumptions.assumeTrue(
                timescale,
                "TimescaleDB is not available on the test PostgreSQL ("
                        + TestDatabase.get().kind()
                        + "): skipping the continuous-aggregate rollups. Run with COLDCHAIN_TEST_DB_URL pointing at a server with timescaledb "
                        + "in shared_preload_libraries (or with Docker).");
    }

    @AfterAll
    static void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    /** Readings of a sensor every {@code stepS} seconds in [from, to), temperatures varying with {@code seed}. */
    static void store(String sensor, Instant from, Instant to, int stepS, int seed) throws Exception {
        List<double[]> rows = new ArrayList<>();
        int i = 0;
        for (long t = from.getEpochSecond(); t < to.getEpochSecond(); t += stepS, i++) {
            rows.add(new double[] {t, 2.0 + ((i * 37 + seed * 11) % 61) / 10.0});
        }
        db.store(T, sensor, to.plusSeconds(60), rows);
    }

    static int id(String sensor) throws Exception {
        try (Connection c = db.connection()) {
            return series.sensorId(c, T, sensor);
        }
    }

    static Request window(int sensorId, Instant from, Instant to) {
        return new Request(sensorId, from, to, Duration.ofMinutes(30), Duration.ofMinutes(15), 2.0, 6.0, null);
    }

    /** The plain query's buckets: the summary scan with date_bin, as on PostgreSQL without TimescaleDB. */
    static List<Point> plain(Request q, Duration bucket, Instant origin) throws Exception {
        try (Connection c = db.connection()) {
            var s = series.summaries(c, List.of(q), bucket, origin).get(0);
            return s == null ? List.of() : s.buckets();
        }
    }

    static void assertSameBuckets(List<Point> fromView, List<Point> plain) {
        assertThat(fromView).hasSameSizeAs(plain).isNotEmpty();
        for (int i = 0; i < plain.size(); i++) {
            Point v = fromView.get(i);
            Point p = plain.get(i);
            assertThat(v.sensorId()).isEqualTo(p.sensorId());
            assertThat(v.ts()).as("bucket %d", i).isEqualTo(p.ts());
            assertThat(v.count()).as("count of %s", p.ts()).isEqualTo(p.count());
            assertThat(v.minC()).as("min of %s", p.ts()).isEqualTo(p.minC());
            assertThat(v.maxC()).as("max of %s", p.ts()).isEqualTo(p.maxC());
            // sum/count of merged buckets against avg(): the same figure up to floating-point rounding.
            assertThat(v.avgC()).as("mean of %s", p.ts()).isCloseTo(p.avgC(), within(1e-9));
        }
    }

    @Test
    void the_view_exists_with_a_refresh_policy() throws Exception {
        assumeTimescale();
        assertThat(db.count(
                        "SELECT count(*) FROM timescaledb_information.continuous_aggregates WHERE view_name = ?",
                        TimescaleSetup.ROLLUP_VIEW))
                .isEqualTo(1);
        assertThat(
                        db.count(
                                "SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_refresh_continuous_aggregate'"))
                .isEqualTo(1);
        try (Connection c = db.connection()) {
            assertThat(new RollupViewStore().rollupView(c)).isTrue();
        }
        assertThat(RollupViewStore.rollupViewFits(Duration.ofMinutes(15), FROM)).isTrue();
        assertThat(RollupViewStore.rollupViewFits(Duration.ofHours(6), FROM.plus(Duration.ofMinutes(45))))
                .isTrue();
        assertThat(RollupViewStore.rollupViewFits(Duration.ofMinutes(10), FROM)).isFalse(); // not whole quarter hours
        assertThat(RollupViewStore.rollupViewFits(Duration.ofMinutes(30), FROM.plusSeconds(60)))
                .isFalse(); // origin mid-quarter
    }

    @Test
    void view_rollups_equal_the_plain_query_rollups() throws Exception {
        assumeTimescale();
        int caseP = id("case-p");
        int movedP = id("moved-p");
        List<Request> windows = List.of(
                window(caseP, FROM, TO),
                window(
                        caseP,
                        FROM.plus(Duration.ofMinutes(187)),
                        FROM.plus(Duration.ofDays(4)).plus(Duration.ofMinutes(652))),
                window(
                        caseP,
                        FROM.plus(Duration.ofDays(1)).plusSeconds(300),
                        FROM.plus(Duration.ofDays(1)).plusSeconds(1200)),
                window(movedP, FROM, MOVED),
                window(movedP, MOVED, TO));
        for (Duration bucket : List.of(
                Duration.ofMinutes(15),
                Duration.ofMinutes(30),
                Duration.ofHours(1),
                Duration.ofHours(6),
                Duration.ofDays(1))) {
            for (Instant origin : List.of(FROM, FROM.plus(Duration.ofMinutes(45)))) {
                List<List<Point>> fromView;
                try (Connection c = db.connection()) {
                    fromView = new RollupViewStore().rollupsFromView(c, windows, bucket, origin);
                }
                for (int i = 0; i < windows.size(); i++) {
                    assertSameBuckets(fromView.get(i), plain(windows.get(i), bucket, origin));
                }
            }
        }
    }

    @Test
    void the_log_reads_its_rollups_from_the_view_and_they_equal_the_plain_ones() throws Exception {
        assumeTimescale();
        Duration bucket = RecordingIntervals.bucketFor(Duration.between(FROM, TO), TemperatureLogService.MAX_POINTS);
        assertThat(bucket).isEqualTo(Duration.ofMinutes(15));
        TemperatureLog log;
        try (Connection c = db.connection()) {
            log = service.build(c, service.site(c, T, "store-1"), FROM, TO, NOW, "qa-li");
        }
        List<SensorLog> sensors =
                log.assets().stream().flatMap(a -> a.sensors().stream()).toList();
        assertThat(sensors).extracting(SensorLog::sensor).containsExactlyInAnyOrder("case-p", "moved-p", "moved-p");
        for (SensorLog s : sensors) {
            assertThat(s.bucket()).isEqualTo(bucket);
            assertSameBuckets(s.curve(), plain(window(id(s.sensor()), s.from(), s.to()), bucket, FROM));
            assertThat(s.curve().stream().mapToInt(Point::count).sum()).isEqualTo(s.count());
        }
    }

    @Test
    void buckets_past_the_last_refresh_and_late_readings_after_the_next_one() throws Exception {
        assumeTimescale();
        int lateP = id("late-p");
        Request q = window(lateP, FROM, TO.plus(Duration.ofDays(1)));
        Duration bucket = Duration.ofHours(1);
        // Readings newer than everything materialized: computed at query time (real-time aggregation).
        store("late-p", TO, TO.plus(Duration.ofDays(1)), 420, 3);
        try (Connection c = db.connection()) {
            assertSameBuckets(
                    new RollupViewStore()
                            .rollupsFromView(c, List.of(q), bucket, FROM)
                            .get(0),
                    plain(q, bucket, FROM));
        }
        // A gateway's backlog for a materialized day: the view shows it after its next refresh (the policy's, every 15
        // min).
        Instant lateFrom = FROM.plus(Duration.ofDays(2)).plusSeconds(200);
        store("late-p", lateFrom, lateFrom.plus(Duration.ofHours(3)), 420, 4);
        Point plainBucket = plain(q, bucket, FROM).stream()
                .filter(p -> p.ts().equals(FROM.plus(Duration.ofDays(2))))
                .findFirst()
                .orElseThrow();
        try (Connection c = db.connection()) {
            Point viewBucket = new RollupViewStore()
                    .rollupsFromView(c, List.of(q), bucket, FROM).get(0).stream()
                            .filter(p -> p.ts().equals(FROM.plus(Duration.ofDays(2))))
                            .findFirst()
                            .orElseThrow();
            assertThat(viewBucket.count())
                    .as("before the refresh, the materialized hour")
                    .isLessThan(plainBucket.count());
            // The log's curve is read from the view: its quarter hour is the materialized one too, its summary is
            // exact.
            SensorLog before = service.build(c, service.site(c, T, "store-2"), FROM, TO, NOW, "qa-li")
                    .assets()
                    .get(0)
                    .sensors()
                    .get(0);
            assertThat(before.curve().stream().mapToInt(Point::count).sum()).isLessThan(before.count());
        }
        db.sql("CALL refresh_continuous_aggregate('" + TimescaleSetup.ROLLUP_VIEW + "', NULL, NULL)");
        try (Connection c = db.connection()) {
            assertSameBuckets(
                    new RollupViewStore()
                            .rollupsFromView(c, List.of(q), bucket, FROM)
                            .get(0),
                    plain(q, bucket, FROM));
            SensorLog after = service.build(c, service.site(c, T, "store-2"), FROM, TO, NOW, "qa-li")
                    .assets()
                    .get(0)
                    .sensors()
                    .get(0);
            assertSameBuckets(after.curve(), plain(window(lateP, FROM, TO), after.bucket(), FROM));
            assertThat(after.curve().stream().mapToInt(Point::count).sum()).isEqualTo(after.count());
        }
    }
}
