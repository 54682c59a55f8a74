package io.coldchain.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.export.LogCsv;
import io.coldchain.records.export.LogJson;
import io.coldchain.records.export.LogPdf;
import io.coldchain.records.export.ReportJson;
import io.coldchain.records.export.ReportPdf;
import io.coldchain.records.log.LocalPeriod.Kind;
import io.coldchain.records.log.SeriesStore;
import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import io.coldchain.records.log.TemperatureLogService;
import io.coldchain.records.report.ComplianceReport;
import io.coldchain.records.report.ComplianceReportService;
import io.coldchain.records.trace.BatchTrace;
import io.coldchain.records.trace.BatchTraceService;
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
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A store in Asia/Shanghai whose probe's calibration is due 2026-11-21 (local): it runs out at
 * 2026-11-21T16:00Z (local midnight), not at UTC midnight eight hours later. On the same day the
 * probe raised a humidity alert (peak 78 %RH) and a door alert (peak 1 = open), and a batch on the
 * case raised a sensorless "not cooled within" alert with its corrective action and disposition:
 * the records must print the humidity and door peaks in their own units and list the batch alert.
 */
class SiteAlertsAndDueDayTest {
    static final String T = "zone-due";
    static final LocalDate DAY = LocalDate.parse("2026-11-21");
    static final Instant DAY_START = Instant.parse("2026-11-20T16:00:00Z");
    static final Instant DUE_END = Instant.parse("2026-11-21T16:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-21T20:00:00Z"); // local 04:00 on the 22nd

    static final ExcursionRecord HUMID =
            alert("al-h", "humidity_above", "case-9-p1", Instant.parse("2026-11-21T01:00:00Z"), 78.0, null, Map.of());
    static final ExcursionRecord DOOR =
            alert("al-d", "door_open", "case-9-p1", Instant.parse("2026-11-21T02:00:00Z"), 1.0, null, Map.of());
    static final ExcursionRecord NOT_COOLED = alert(
            "al-b",
            "not_cooled_within",
            null,
            Instant.parse("2026-11-21T03:00:00Z"),
            9.5,
            "Milk discarded, chiller serviced",
            Map.of("LOT-M", "discard"));

    static RecordsFixture db;
    static TemperatureLogService logs;
    static ComplianceReportService reports;
    static BatchTraceService traces;

    static ExcursionRecord alert(
            String id,
            String kind,
            String sensor,
            Instant start,
            Double peak,
            String corrective,
            Map<String, String> dispositions) {
        return new ExcursionRecord(
                id,
                kind + " rule",
                kind,
                "critical",
                sensor,
                "case-9",
                start,
                start.plusSeconds(1800),
                peak,
                Duration.ofMinutes(30),
                "resolved",
                null,
                corrective,
                dispositions);
    }

    @BeforeAll
    static void setUp() throws Exception {
        db = new RecordsFixture("zonedue");
        db.exec(
                "INSERT INTO sites (tenant, site, name, kind, region, address, timezone) "
                        + "VALUES (?, 'store-sh', 'Store SH', 'store', '310101', 'No. 9 Road', 'Asia/Shanghai')",
                T);
        db.asset(T, "case-9", "display_case", "store-sh", "dairy-chilled");
        db.sensor(T, "case-9-p1", "case-9", 600);
        db.exec(
                "INSERT INTO products (tenant, sku, name, profile) VALUES (?, 'milk-1l', 'Fresh milk', 'dairy-chilled')",
                T);
        db.exec(
                "INSERT INTO batches (tenant, lot, sku, produced_at, expires_at) VALUES (?, 'LOT-M', 'milk-1l', ?, ?)",
                T,
                Instant.parse("2026-11-20T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"));
        db.exec(
                "INSERT INTO placements (tenant, lot, asset, from_ts) VALUES (?, 'LOT-M', 'case-9', ?)",
                T,
                Instant.parse("2026-11-21T00:00:00Z"));
        // Every 10 minutes at 4.0 °C from 10:00Z to 19:50Z: 24 readings from 16:00Z (local midnight) on.
        List<double[]> rows = new ArrayList<>();
        for (Instant t = Instant.parse("2026-11-21T10:00:00Z"); t.isBefore(NOW); t = t.plusSeconds(600)) {
            rows.add(new double[] {t.getEpochSecond(), 4.0});
        }
        db.store(T, "case-9-p1", NOW, rows);
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            new CalibrationStore()
                    .insert(c, T, "case-9-p1", LocalDate.parse("2025-11-21"), DAY, "CAL-9", "Metrology", "admin");
            c.commit();
        }
        InMemoryExcursions alerts =
                new InMemoryExcursions().add(HUMID).add(DOOR).add(NOT_COOLED, "LOT-M");
        // The server's default zone is UTC: the site's own zone must win.
        logs = new TemperatureLogService(
                new RegistryView(),
                new AttributionStore(),
                new ProfileStore(),
                new SeriesStore(),
                new CalibrationStore(),
                new DigestStore(),
                alerts,
                ZoneId.of("UTC"));
        reports = new ComplianceReportService(logs, new IntegrityCheck(new DigestStore()));
        traces = new BatchTraceService(
                new RegistryView(),
                new AttributionStore(),
                new ProfileStore(),
                new SeriesStore(),
                new CalibrationStore(),
                alerts,
                ZoneId.of("UTC"));
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    static TemperatureLog log() throws Exception {
        try (Connection c = db.connection()) {
            return logs.build(c, logs.site(c, T, "store-sh"), DAY_START, NOW, NOW, "qa (qa)");
        }
    }

    @Test
    void calibration_runs_out_at_the_sites_local_midnight_in_log_csv_and_trace() throws Exception {
        TemperatureLog log = log();
        SensorLog s = log.assets().get(0).sensors().get(0);
        assertThat(s.calibration().overdue()).isTrue();
        assertThat(s.calibration().readingsAfterDue()).isEqualTo(24);

        List<CSVRecord> csv = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .build()
                .parse(new StringReader(LogCsv.render(log)))
                .getRecords();
        assertThat(csv.stream()
                        .filter(r -> r.get("calibration_overdue").equals("true"))
                        .map(r -> r.get("ts_utc_rfc3339"))
                        .toList())
                .hasSize(24)
                .startsWith(DUE_END.toString());
        assertThat(csv.stream()
                        .filter(r -> r.get("ts_utc_rfc3339").equals("2026-11-21T15:50:00Z"))
                        .findFirst()
                        .orElseThrow()
                        .get("calibration_overdue"))
                .isEqualTo("false");

        BatchTrace trace;
        try (Connection c = db.connection()) {
            trace = traces.trace(c, traces.batch(c, T, "LOT-M"), NOW);
        }
        assertThat(trace.legs().get(0).sensors().get(0).readingsAfterCalibrationDue())
                .isEqualTo(24);
    }

    @Test
    void humidity_and_door_peaks_keep_their_units() throws Exception {
        TemperatureLog log = log();
        JsonArray excursions = LogJson.render(log)
                .toJsonObject()
                .getJsonArray("assets")
                .getJsonObject(0)
                .getJsonArray("sensors")
                .getJsonObject(0)
                .getJsonArray("excursions");
        JsonObject humid = excursions.getJsonObject(0);
        assertThat(humid.getString("alert")).isEqualTo("al-h");
        assertThat(humid.getValue("peak_c")).isNull();
        assertThat(humid.getDouble("peak")).isEqualTo(78.0);
        assertThat(humid.getString("unit")).isEqualTo("%RH");
        JsonObject door = excursions.getJsonObject(1);
        assertThat(door.getString("alert")).isEqualTo("al-d");
        assertThat(door.getValue("peak_c")).isNull();
        assertThat(door.getValue("peak")).isNull();
        assertThat(door.getString("unit")).isEqualTo("door open");

        String text = LocalTimeReportTest.pdfText(new LogPdf(LocalTimeReportTest.fonts()).render(log, "en"));
        assertThat(text).contains("78.00 %RH").contains("door open").doesNotContain("78.00 °C");
        assertThat(text).doesNotContain("1.00 °C");
        String zh = LocalTimeReportTest.pdfText(new LogPdf(LocalTimeReportTest.fonts()).render(log, "zh"));
        assertThat(zh).contains("门开启").contains("78.00 %RH");
    }

    @Test
    void a_batch_level_alert_is_listed_once_for_the_site_with_its_actions() throws Exception {
        TemperatureLog log = log();
        JsonObject logJson = LogJson.render(log).toJsonObject();
        JsonArray site = logJson.getJsonArray("site_excursions");
        assertThat(site).hasSize(1);
        JsonObject e = site.getJsonObject(0);
        assertThat(e.getString("alert")).isEqualTo("al-b");
        assertThat(e.getString("kind")).isEqualTo("not_cooled_within");
        assertThat(e.getValue("sensor")).isNull();
        assertThat(e.getDouble("peak_c")).isEqualTo(9.5);
        assertThat(e.getString("unit")).isEqualTo("°C");
        assertThat(e.getString("corrective_action")).isEqualTo("Milk discarded, chiller serviced");
        assertThat(e.getJsonObject("dispositions").getString("LOT-M")).isEqualTo("discard");
        assertThat(e.getString("start_local")).isEqualTo("2026-11-21T11:00:00+08:00");

        ComplianceReport report;
        try (Connection c = db.connection()) {
            report = reports.build(c, logs.site(c, T, "store-sh"), Kind.DAY, DAY, NOW, "qa (qa)");
        }
        JsonObject json = ReportJson.render(report).toJsonObject();
        assertThat(json.getJsonArray("site_excursions").getJsonObject(0).getString("alert"))
                .isEqualTo("al-b");
        assertThat(json.getJsonObject("summary").getInteger("excursions")).isEqualTo(3);

        String text = LocalTimeReportTest.pdfText(new ReportPdf(LocalTimeReportTest.fonts()).render(report, "en"));
        assertThat(text).contains("Milk discarded, chiller serviced").contains("not_cooled_wit");
        String logPdf = LocalTimeReportTest.pdfText(new LogPdf(LocalTimeReportTest.fonts()).render(log, "en"));
        assertThat(logPdf).contains("Batch-level alerts at this site").contains("Milk discarded, chiller serviced");
    }
}
