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
import io.coldchain.records.report.ReportSchedule;
import io.coldchain.records.report.ReportScheduleJob;
import io.coldchain.records.report.ReportScheduleStore;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.calibration.CalibrationStore;
import io.coldchain.registry.profile.ProfileStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A schedule whose report cannot be rendered (a PDF, and no CJK font on the server) is counted and
 * left for the next run, and does not hold up another schedule's report.
 */
class ReportScheduleFailureTest {

    @Test
    void a_report_that_cannot_be_rendered_does_not_hold_up_the_others() throws Exception {
        try (RecordsFixture db = new RecordsFixture("reportfail")) {
            db.site("shop", "store-1", "320300");
            db.asset("shop", "case-1", "display_case", "store-1", "dairy-chilled");
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            ReportScheduleStore store = new ReportScheduleStore();
            ReportScheduleJob job = new ReportScheduleJob(
                    store,
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
                    new ReportDocuments(new ReportFonts(Optional.of(Path.of("/nonexistent/font.ttc")))),
                    meters);
            try (Connection c = db.connection()) {
                for (String format : List.of("pdf", "csv")) {
                    store.put(
                            c,
                            new ReportSchedule(
                                    "shop",
                                    "daily-" + format,
                                    "store-1",
                                    Kind.DAY,
                                    List.of("ops"),
                                    format,
                                    "en",
                                    LocalDate.parse("2026-11-20")));
                }
                ReportScheduleJob.Outcome out = job.run(c, Instant.parse("2026-11-22T00:00:00Z"));
                assertThat(out.failed()).isEqualTo(1);
                assertThat(out.queued()).isEqualTo(1); // the CSV of 2026-11-21
                assertThat(meters.counter("coldchain_reports_failed_total").count())
                        .isEqualTo(1.0);
                assertThat(store.get(c, "shop", "daily-pdf").orElseThrow().deliveredThrough())
                        .isEqualTo(LocalDate.parse("2026-11-20")); // still due: tried again next run
                assertThat(store.get(c, "shop", "daily-csv").orElseThrow().deliveredThrough())
                        .isEqualTo(LocalDate.parse("2026-11-21"));
            }
        }
    }
}
