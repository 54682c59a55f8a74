package io.coldchain.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.records.export.ReportDocuments;
import io.coldchain.records.export.ReportFonts;
import io.coldchain.records.job.ScheduledJobVerticle;
import io.coldchain.records.log.LocalPeriod.Kind;
import io.coldchain.records.log.SeriesStore;
import io.coldchain.records.log.TemperatureLogService;
import io.coldchain.records.report.ComplianceReportService;
import io.coldchain.records.report.ReportSchedule;
import io.coldchain.records.report.ReportScheduleJob;
import io.coldchain.records.report.ReportScheduleStore;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.calibration.CalibrationStore;
import io.coldchain.registry.profile.ProfileStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A weekly report schedule of a store in Asia/Shanghai, run by the real job verticle against one
 * database: each ISO week's report is queued once per target, also when the verticle is stopped and
 * started again, and when two runs race (the row lock).
 */
class ReportScheduleTest {
    static final String T = "shop";
    static RecordsFixture db;
    static ReportScheduleJob job;
    static final ReportScheduleStore store = new ReportScheduleStore();

    @BeforeAll
    static void setUp() throws Exception {
        db = new RecordsFixture("reportsched");
        db.exec(
                "INSERT INTO sites (tenant, site, name, kind, region, address, timezone) "
                        + "VALUES (?, 'store-sh', 'Store SH', 'store', '310101', 'No. 8 Road', 'Asia/Shanghai')",
                T);
        db.asset(T, "case-1", "display_case", "store-sh", "dairy-chilled");
        db.sensor(T, "case-1-p1", "case-1", 1800);
        List<double[]> rows = new ArrayList<>();
        Instant first = Instant.parse("2026-11-15T16:00:00Z"); // local Monday 2026-11-16 00:00
        for (int i = 0; i < 14 * 48; i++) {
            rows.add(new double[] {first.getEpochSecond() + i * 1800L, 4.0});
        }
        db.store(T, "case-1-p1", Instant.parse("2026-11-30T00:00:00Z"), rows);
        TemperatureLogService logs = new TemperatureLogService(
                new RegistryView(),
                new AttributionStore(),
                new ProfileStore(),
                new SeriesStore(),
                new CalibrationStore(),
                new DigestStore(),
                new InMemoryExcursions(),
                ZoneId.of("UTC"));
        job = new ReportScheduleJob(
                store,
                new ComplianceReportService(logs, new IntegrityCheck(new DigestStore())),
                new ReportDocuments(new ReportFonts(Optional.empty())),
                new SimpleMeterRegistry());
        try (Connection c = db.connection()) {
            store.put(
                    c,
                    new ReportSchedule(
                            T,
                            "weekly-sh",
                            "store-sh",
                            Kind.WEEK,
                            List.of("ops-hook", "qa-mail"),
                            "csv",
                            "zh",
                            LocalDate.parse("2026-11-15")));
        }
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    /** Deploys the job's verticle with the clock at {@code now}, waits for {@code runs} successful runs, stops it. */
    static void runVerticle(Instant now, int runs) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            ScheduledJobVerticle verticle = new ScheduledJobVerticle(
                    "reports",
                    Duration.ofMillis(200),
                    Duration.ofMillis(10),
                    db.pool,
                    (c, t) -> job.run(c, t).toString(),
                    meters,
                    Clock.fixed(now, ZoneOffset.UTC));
            vertx.deployVerticle(verticle)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> meters.counter("coldchain.records.job.runs", "job", "reports", "outcome", "ok")
                                    .count()
                            >= runs);
            vertx.undeploy(vertx.deploymentIDs().iterator().next())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    static List<String> deliveries() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT first_day || '..' || last_day || ' ' || target "
                        + "FROM report_deliveries WHERE schedule = 'weekly-sh' ORDER BY first_day, target");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void each_week_is_queued_once_per_target_across_restarts_and_racing_runs() throws Exception {
        // The week 11-16..11-22 ends at local midnight, 2026-11-22T16:00Z; an hour before, nothing is due.
        runVerticle(Instant.parse("2026-11-22T15:00:00Z"), 2);
        assertThat(deliveries()).isEmpty();

        runVerticle(Instant.parse("2026-11-23T00:00:00Z"), 3);
        assertThat(deliveries()).containsExactly("2026-11-16..2026-11-22 ops-hook", "2026-11-16..2026-11-22 qa-mail");

        // Restart against the same database, same week: nothing new.
        runVerticle(Instant.parse("2026-11-23T01:00:00Z"), 3);
        assertThat(deliveries()).hasSize(2);

        // The next week has ended: two runs race for it; the schedule's row lock lets one queue it.
        Instant later = Instant.parse("2026-11-30T00:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> run = () -> {
                try (Connection c = db.connection()) {
                    return job.run(c, later).queued();
                }
            };
            List<Future<Integer>> races = pool.invokeAll(List.of(run, run));
            int queued = 0;
            for (Future<Integer> f : races) {
                queued += f.get();
            }
            assertThat(queued).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
        runVerticle(later, 2);
        assertThat(deliveries())
                .containsExactly(
                        "2026-11-16..2026-11-22 ops-hook",
                        "2026-11-16..2026-11-22 qa-mail",
                        "2026-11-23..2026-11-29 ops-hook",
                        "2026-11-23..2026-11-29 qa-mail");
        try (Connection c = db.connection()) {
            assertThat(store.get(c, T, "weekly-sh").orElseThrow().deliveredThrough())
                    .isEqualTo(LocalDate.parse("2026-11-29"));
        }

        // The queued document is the week's report, in the site's local time.
        byte[] body;
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT body FROM report_deliveries "
                        + "WHERE schedule = 'weekly-sh' AND first_day = '2026-11-16' AND target = 'ops-hook'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            body = rs.getBytes(1);
        }
        CSVRecord row = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .get()
                .parse(new StringReader(new String(body, StandardCharsets.UTF_8)))
                .getRecords()
                .get(0);
        assertThat(row.get("period")).isEqualTo("week");
        assertThat(row.get("from_local")).isEqualTo("2026-11-16T00:00:00+08:00");
        assertThat(row.get("to_local")).isEqualTo("2026-11-23T00:00:00+08:00");
        assertThat(row.get("readings")).isEqualTo(String.valueOf(7 * 48));
        assertThat(row.get("interval_compliance")).isEqualTo("1.0");
    }
}
