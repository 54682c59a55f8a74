package io.coldchain.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.records.export.ReportDocuments;
import io.coldchain.records.export.ReportFonts;
import io.coldchain.records.log.LocalPeriod.Kind;
import io.coldchain.records.log.SeriesStore;
import io.coldchain.records.log.TemperatureLogService;
import io.coldchain.records.report.ComplianceReportService;
import io.coldchain.records.report.ReportDeliveryStore;
import io.coldchain.records.report.ReportDispatchJob;
import io.coldchain.records.report.ReportSchedule;
import io.coldchain.records.report.ReportScheduleJob;
import io.coldchain.records.report.ReportScheduleStore;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.calibration.CalibrationStore;
import io.coldchain.registry.profile.ProfileStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The queued reports sent through a sender that records what it got: each target's report sent
 * once when it is taken, a refused one retried after the backoff (not before) and parked after the
 * last attempt.
 */
class ReportDispatchTest {
    // Rows are queued with next_attempt_at = the database's now(): the runs start from the real clock.
    static final Instant T0 = Instant.now().plusSeconds(1);
    static final LocalDate DAY =
            T0.atOffset(java.time.ZoneOffset.UTC).toLocalDate().minusDays(1);

    @Test
    void queued_reports_are_sent_retried_after_the_backoff_and_parked_at_last() throws Exception {
        try (RecordsFixture db = new RecordsFixture("reportdispatch")) {
            db.site("shop", "store-1", "320300");
            db.asset("shop", "case-1", "display_case", "store-1", "dairy-chilled");
            ReportDeliveryStore deliveries = new ReportDeliveryStore();
            ReportScheduleStore schedules = new ReportScheduleStore();
            ReportScheduleJob queue = new ReportScheduleJob(
                    schedules,
                    new ComplianceReportService(
                            new TemperatureLogService(
                                    new RegistryView(),
                                    new AttributionStore(),
                                    new ProfileStore(),
                                    new SeriesStore(),
                                    new CalibrationStore(),
                                    new DigestStore(),
                                    new InMemoryExcursions(),
                                    ZoneId.of("UTC")),
                            new IntegrityCheck(new DigestStore())),
                    new ReportDocuments(new ReportFonts(Optional.empty())),
                    new SimpleMeterRegistry());
            List<String> sent = new CopyOnWriteArrayList<>();
            Map<String, Integer> refusals = new ConcurrentHashMap<>(Map.of("flaky", 1, "dead", 99));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            ReportDispatchJob dispatch = new ReportDispatchJob(
                    deliveries,
                    (c, report) -> {
                        if (refusals.merge(report.target(), -1, Integer::sum) >= 0) {
                            throw new IllegalStateException("503 from " + report.target());
                        }
                        sent.add(report.target() + " " + report.firstDay() + " " + report.idempotencyKey());
                        assertThat(new String(report.body(), java.nio.charset.StandardCharsets.UTF_8))
                                .startsWith(
                                        "site,timezone,period"); // the CSV report (the site has no sensor: its header)
                    },
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(10),
                    3,
                    meters);
            try (Connection c = db.connection()) {
                schedules.put(
                        c,
                        new ReportSchedule(
                                "shop",
                                "daily",
                                "store-1",
                                Kind.DAY,
                                List.of("ops", "flaky", "dead"),
                                "csv",
                                "en",
                                DAY.minusDays(1)));
                assertThat(queue.run(c, T0).queued()).isEqualTo(3);

                var first = dispatch.run(c, T0);
                assertThat(first.delivered()).isEqualTo(1);
                assertThat(first.retried()).isEqualTo(2);
                assertThat(sent).containsExactly("ops " + DAY + " report:shop:daily:" + DAY + ":ops");
                // Before the backoff: nothing is due.
                assertThat(dispatch.run(c, T0.plusSeconds(30)).delivered()).isZero();
                var second = dispatch.run(c, T0.plus(Duration.ofMinutes(1)));
                assertThat(second.delivered()).isEqualTo(1); // flaky, on its second attempt
                assertThat(dispatch.run(c, T0.plus(Duration.ofMinutes(5))).parked())
                        .isEqualTo(1); // dead, third attempt
                assertThat(dispatch.run(c, T0.plus(Duration.ofHours(1))))
                        .isEqualTo(new ReportDispatchJob.Outcome(0, 0, 0));
                assertThat(sent)
                        .containsExactly(
                                "ops " + DAY + " report:shop:daily:" + DAY + ":ops",
                                "flaky " + DAY + " report:shop:daily:" + DAY + ":flaky");
                assertThat(deliveries.deliveries(c, "shop", "daily", 10))
                        .extracting(d -> d.target() + "=" + d.status())
                        .containsExactlyInAnyOrder("ops=delivered", "flaky=delivered", "dead=parked");
                assertThat(meters.counter("coldchain_report_deliveries_total", "kind", "report", "outcome", "parked")
                                .count())
                        .isEqualTo(1.0);
            }
        }
    }
}
