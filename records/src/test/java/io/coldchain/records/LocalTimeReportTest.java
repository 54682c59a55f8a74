package io.coldchain.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.records.digest.DaySealer;
import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.export.LogCsv;
import io.coldchain.records.export.LogJson;
import io.coldchain.records.export.LogPdf;
import io.coldchain.records.export.ReportCsv;
import io.coldchain.records.export.ReportFonts;
import io.coldchain.records.export.ReportJson;
import io.coldchain.records.export.ReportPdf;
import io.coldchain.records.log.LocalPeriod;
import io.coldchain.records.log.LocalPeriod.Kind;
import io.coldchain.records.log.SeriesStore;
import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLogService;
import io.coldchain.records.report.ComplianceReport;
import io.coldchain.records.report.ComplianceReportService;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.calibration.CalibrationStore;
import io.coldchain.registry.profile.ProfileStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A store in Asia/Shanghai (UTC+8): the local day 2026-11-21 is 2026-11-20T16:00Z to
 * 2026-11-21T16:00Z. Readings every 10 minutes from local 2026-11-20 22:00 to 2026-11-22 02:00, a
 * two-hour gap (local 10:00 to 12:00 on the 21st), a 7.5 °C reading at 2026-11-20T16:30Z (local
 * 00:30 on the 21st) with its resolved alert, and a 9.9 °C reading at local 23:50 on the 20th that
 * belongs to the day before. Checked in the log (JSON, CSV, PDF) and the compliance report (JSON,
 * CSV, PDF), figure by figure.
 */
class LocalTimeReportTest {
    static final String T = "shop";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final LocalDate DAY = LocalDate.parse("2026-11-21");
    static final Instant DAY_START = Instant.parse("2026-11-20T16:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");
    static final ExcursionRecord ALERT = new ExcursionRecord(
            "al-7",
            "above 6 °C at once",
            "above",
            "critical",
            "case-1-p1",
            "case-1",
            Instant.parse("2026-11-20T16:30:00Z"),
            Instant.parse("2026-11-20T16:40:00Z"),
            7.5,
            Duration.ofMinutes(10),
            "resolved",
            new ExcursionRecord.Ack("qa-li", Instant.parse("2026-11-20T16:35:00Z"), "checked"),
            "Compressor reset, probe re-seated",
            InMemoryExcursions.dispositions("LOT-9", "release"));

    static RecordsFixture db;
    static ComplianceReportService reports;

    @BeforeAll
    static void setUp() throws Exception {
        db = new RecordsFixture("localtime");
        db.exec(
                "INSERT INTO sites (tenant, site, name, kind, region, address, timezone) "
                        + "VALUES (?, 'store-sh', '上海一店', 'store', '310101', 'No. 8 Road', 'Asia/Shanghai')",
                T);
        db.asset(T, "case-1", "display_case", "store-sh", "dairy-chilled");
        db.sensor(T, "case-1-p1", "case-1", 600);
        List<double[]> rows = new ArrayList<>();
        Instant first = Instant.parse("2026-11-20T14:00:00Z"); // local 22:00 on the 20th
        for (int i = 0; i < 28 * 6; i++) {
            Instant t = first.plusSeconds(i * 600L);
            long localMinute = Duration.between(DAY_START, t).toMinutes();
            if (localMinute > 600 && localMinute < 720) {
                continue; // no reading from local 10:00 to 12:00 on the 21st
            }
            double temp = t.equals(Instant.parse("2026-11-20T16:30:00Z"))
                    ? 7.5
                    : t.equals(Instant.parse("2026-11-20T15:50:00Z")) ? 9.9 : 4.0 + (i % 4) * 0.5;
            rows.add(new double[] {t.getEpochSecond(), temp});
        }
        db.store(T, "case-1-p1", Instant.parse("2026-11-22T02:05:00Z"), rows);
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            new CalibrationStore()
                    .insert(
                            c,
                            T,
                            "case-1-p1",
                            LocalDate.parse("2025-11-25"),
                            LocalDate.parse("2026-11-25"),
                            "CAL-88",
                            "Shanghai Metrology",
                            "admin-wang");
            c.commit();
            c.setAutoCommit(true);
            new DaySealer(new DigestStore(), Duration.ofMinutes(10), Duration.ofDays(30)).run(c, NOW);
        }
        TemperatureLogService logs = new TemperatureLogService(
                new RegistryView(),
                new AttributionStore(),
                new ProfileStore(),
                new SeriesStore(),
                new CalibrationStore(),
                new DigestStore(),
                new InMemoryExcursions().add(ALERT, "LOT-9"),
                ZoneId.of("UTC"));
        reports = new ComplianceReportService(logs, new IntegrityCheck(new DigestStore()));
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    static ComplianceReport report(Kind kind, LocalDate date) throws Exception {
        try (Connection c = db.connection()) {
            return reports.build(c, reports.logs().site(c, T, "store-sh"), kind, date, NOW, "qa-li (qa)");
        }
    }

    static TemperatureLog dayLog() throws Exception {
        try (Connection c = db.connection()) {
            var site = reports.logs().site(c, T, "store-sh");
            LocalPeriod p = LocalPeriod.of(Kind.DAY, DAY, reports.logs().zoneOf(site));
            return reports.logs().build(c, site, p.from(), p.to(), NOW, "qa-li (qa)");
        }
    }

    @Test
    void a_local_day_is_the_sites_midnight_to_midnight() {
        LocalPeriod day = LocalPeriod.of(Kind.DAY, DAY, SHANGHAI);
        assertThat(day.from()).isEqualTo(DAY_START);
        assertThat(day.to()).isEqualTo(Instant.parse("2026-11-21T16:00:00Z"));
        Instant reading = Instant.parse("2026-11-20T16:30:00Z");
        assertThat(!reading.isBefore(day.from()) && reading.isBefore(day.to())).isTrue();
        LocalPeriod week = LocalPeriod.of(Kind.WEEK, DAY, SHANGHAI); // a Saturday
        assertThat(week.first()).isEqualTo(LocalDate.parse("2026-11-16"));
        assertThat(week.last()).isEqualTo(LocalDate.parse("2026-11-22"));
        LocalPeriod month = LocalPeriod.of(Kind.MONTH, DAY, SHANGHAI);
        assertThat(month.first()).isEqualTo(LocalDate.parse("2026-11-01"));
        assertThat(month.to()).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
        assertThat(LocalPeriod.next(Kind.WEEK, week).first()).isEqualTo(LocalDate.parse("2026-11-23"));
    }

    @Test
    void the_log_of_a_local_day_holds_its_readings_and_prints_local_times() throws Exception {
        TemperatureLog log = dayLog();
        var s = log.assets().get(0).sensors().get(0);
        assertThat(s.count()).isEqualTo(144 - 11); // 24 h of 10-minute readings, less the gap's 11
        assertThat(s.maxC()).isEqualTo(7.5); // the 9.9 at local 23:50 on the 20th is the day before
        assertThat(s.curve().get(0).ts()).isEqualTo(DAY_START);

        JsonObject json = new JsonObject(LogJson.render(log));
        assertThat(json.getString("timezone")).isEqualTo("Asia/Shanghai");
        assertThat(json.getString("from")).isEqualTo("2026-11-20T16:00:00Z");
        assertThat(json.getString("from_local")).isEqualTo("2026-11-21T00:00:00+08:00");
        assertThat(json.getString("to_local")).isEqualTo("2026-11-22T00:00:00+08:00");
        JsonObject sensor = json.getJsonArray("assets")
                .getJsonObject(0)
                .getJsonArray("sensors")
                .getJsonObject(0);
        JsonObject gap = sensor.getJsonArray("gaps").getJsonObject(0);
        assertThat(gap.getString("from_local")).isEqualTo("2026-11-21T10:00:00+08:00");
        assertThat(gap.getString("to_local")).isEqualTo("2026-11-21T12:00:00+08:00");
        assertThat(sensor.getJsonArray("excursions").getJsonObject(0).getString("start_local"))
                .isEqualTo("2026-11-21T00:30:00+08:00");

        List<CSVRecord> csv = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .get()
                .parse(new StringReader(LogCsv.render(log)))
                .getRecords();
        CSVRecord hot = csv.stream()
                .filter(r -> r.get("ts_utc_rfc3339").equals("2026-11-20T16:30:00Z"))
                .findFirst()
                .orElseThrow();
        assertThat(hot.get("ts_local_rfc3339")).isEqualTo("2026-11-21T00:30:00+08:00");
        assertThat(hot.get("temp_c_celsius")).isEqualTo("7.5");
        assertThat(csv).hasSize(133);
        assertThat(csv.get(0).get("ts_local_rfc3339")).isEqualTo("2026-11-21T00:00:00+08:00");

        String text = pdfText(new LogPdf(fonts()).render(log, "en"));
        assertThat(text).contains("Asia/Shanghai (UTC+08:00)");
        assertThat(text).contains("2026-11-21 00:00 +08:00 – 2026-11-22 00:00 +08:00");
        assertThat(text).contains("11-21 00:30 +08:00"); // the excursion's start, local
        assertThat(text).contains("2026-11-21 10:00 +08:00"); // the gap's start, local
        assertThat(text).contains("UTC day");
    }

    @Test
    void the_daily_compliance_report_has_the_seeded_figures() throws Exception {
        ComplianceReport r = report(Kind.DAY, DAY);
        assertThat(r.complete()).isTrue();
        assertThat(r.period().from()).isEqualTo(DAY_START);
        var asset = r.assets().get(0);
        assertThat(asset.timeOutOfRange()).isEqualTo(Duration.ofMinutes(10)); // 7.5 °C stands until the next reading
        var f = asset.sensors().get(0);
        assertThat(f.gaps()).isEqualTo(1);
        assertThat(f.gapTotal()).isEqualTo(Duration.ofHours(2));
        // Storage: 30 min required. The 10:00 reading covers 30 min of the 2 h gap: 90 of 1440 min uncovered.
        assertThat(f.log().compliance()).isEqualTo(1350 / 1440.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(f.meetsInterval()).isFalse();
        assertThat(f.calibration()).isEqualTo(ComplianceReport.CalibrationVerdict.DUE_SOON);
        assertThat(asset.excursions()).singleElement().satisfies(e -> {
            assertThat(e.correctiveAction()).isEqualTo("Compressor reset, probe re-seated");
            assertThat(e.dispositions()).containsEntry("LOT-9", "release");
        });
        // The local day overlaps the UTC days 11-20 and 11-21, both sealed and intact.
        assertThat(r.sealsChecked()).isEqualTo(2);
        assertThat(r.intact()).isTrue();

        JsonObject json = new JsonObject(ReportJson.render(r));
        assertThat(json.getString("period")).isEqualTo("day");
        assertThat(json.getString("first_day")).isEqualTo("2026-11-21");
        assertThat(json.getString("from_local")).isEqualTo("2026-11-21T00:00:00+08:00");
        JsonObject summary = json.getJsonObject("summary");
        assertThat(summary.getInteger("sensors")).isEqualTo(1);
        assertThat(summary.getInteger("sensors_meeting_required_interval")).isZero();
        assertThat(summary.getInteger("excursions")).isEqualTo(1);
        assertThat(summary.getBoolean("integrity_intact")).isTrue();
        JsonObject a = json.getJsonArray("assets").getJsonObject(0);
        assertThat(a.getLong("time_out_of_range_s")).isEqualTo(600);
        JsonObject s = a.getJsonArray("sensors").getJsonObject(0);
        assertThat(s.getDouble("interval_compliance")).isEqualTo(0.9375);
        assertThat(s.getLong("gap_total_s")).isEqualTo(7200);
        assertThat(s.getJsonObject("calibration").getString("status")).isEqualTo("due_soon");
        JsonArray ex = a.getJsonArray("excursions");
        assertThat(ex.getJsonObject(0).getString("start_local")).isEqualTo("2026-11-21T00:30:00+08:00");
        assertThat(ex.getJsonObject(0).getJsonObject("dispositions").getString("LOT-9"))
                .isEqualTo("release");

        CSVRecord row = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .get()
                .parse(new StringReader(ReportCsv.render(r)))
                .getRecords()
                .get(0);
        assertThat(row.get("from_local")).isEqualTo("2026-11-21T00:00:00+08:00");
        assertThat(row.get("interval_compliance")).isEqualTo("0.9375");
        assertThat(row.get("meets_required_interval")).isEqualTo("false");
        assertThat(row.get("gap_total_s")).isEqualTo("7200");
        assertThat(row.get("excursions")).isEqualTo("1");
        assertThat(row.get("calibration_status")).isEqualTo("due_soon");
        assertThat(row.get("seals_checked")).isEqualTo("2");

        for (String lang : List.of("en", "zh")) {
            String text = pdfText(new ReportPdf(fonts()).render(r, lang));
            assertThat(text).contains("上海一店");
            assertThat(text).contains("2026-11-21 – 2026-11-21");
            assertThat(text).contains("Asia/Shanghai (UTC+08:00)");
            assertThat(text).contains("Compressor reset, probe re-seated");
            assertThat(text).contains("11-21 00:30 +08:00");
            assertThat(text).contains("93.8 %");
            assertThat(text).contains(lang.equals("zh") ? "温度控制自查报告" : "Compliance report");
        }
    }

    @Test
    void weekly_and_monthly_reports_cover_the_iso_week_and_the_calendar_month() throws Exception {
        ComplianceReport week = report(Kind.WEEK, DAY);
        assertThat(week.period().first()).isEqualTo(LocalDate.parse("2026-11-16"));
        assertThat(week.complete()).isTrue(); // ended at 2026-11-22T16:00Z
        // Readings from local 22:00 on the 20th to 02:00 on the 22nd, 11 missing: the 9.9 °C belongs here.
        var s = week.assets().get(0).sensors().get(0).log();
        assertThat(s.count()).isEqualTo(28 * 6 - 11);
        assertThat(s.maxC()).isEqualTo(9.9);
        ComplianceReport month = report(Kind.MONTH, DAY);
        assertThat(month.complete()).isFalse(); // November has not ended at NOW
        assertThat(month.log().to()).isEqualTo(NOW);
        assertThatThrownBy(() -> report(Kind.DAY, LocalDate.parse("2026-11-24")))
                .isInstanceOf(ColdchainException.class)
                .hasMessageContaining("has not begun");
    }

    static ReportFonts fonts() {
        ReportFonts fonts = new ReportFonts(Optional.empty());
        org.junit.jupiter.api.Assumptions.assumeTrue(
                fonts.available(), "no Chinese TrueType font on this machine (apt-get install fonts-wqy-zenhei)");
        return fonts;
    }

    static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }
}
