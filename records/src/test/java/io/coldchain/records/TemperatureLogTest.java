package io.coldchain.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.coldchain.core.model.Reading;
import io.coldchain.core.readings.ReadingQueryStore;
import io.coldchain.records.digest.DaySealer;
import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.export.LogCsv;
import io.coldchain.records.export.LogJson;
import io.coldchain.records.export.LogPdf;
import io.coldchain.records.export.ReportFonts;
import io.coldchain.records.log.SeriesStore;
import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import io.coldchain.records.log.TemperatureLogService;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.calibration.CalibrationStore;
import io.coldchain.registry.profile.ProfileStore;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
 * A display case's day: readings every 10 minutes, a two-hour gap, a 40-minute excursion with its
 * alert, an overdue calibration, a sealed day. Checked in JSON (value by value), CSV (parsed back to
 * the stored readings) and PDF (opened, pages, extracted text).
 */
class TemperatureLogTest {
    static final String T = "shop";
    static final Instant FROM = Instant.parse("2026-11-10T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-11T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-12T00:00:00Z");
    static final ExcursionRecord ALERT = new ExcursionRecord(
            "al-42",
            "above 6 °C for 30 min",
            "above",
            "warning",
            "case-1-p1",
            "case-1",
            Instant.parse("2026-11-10T14:00:00Z"),
            Instant.parse("2026-11-10T14:40:00Z"),
            8.2,
            Duration.ofMinutes(40),
            "resolved",
            new ExcursionRecord.Ack("qa-li", Instant.parse("2026-11-10T14:12:00Z"), "door left open"),
            "Door closed, stock moved to cold room 2",
            InMemoryExcursions.dispositions("LOT-1", "release"));

    static RecordsFixture db;
    static TemperatureLogService service;

    @BeforeAll
    static void setUp() throws Exception {
        db = new RecordsFixture("templog");
        db.site(T, "store-9", "320300");
        db.asset(T, "case-1", "display_case", "store-9", "dairy-chilled");
        db.sensor(T, "case-1-p1", "case-1", 600);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 144; i++) {
            long t = FROM.getEpochSecond() + i * 600L;
            int minute = i * 10;
            if (minute > 600 && minute < 720) {
                continue; // no reading from 10:00 to 12:00
            }
            double temp = switch (minute) {
                case 840 -> 7.5;
                case 850 -> 8.2;
                case 860 -> 7.0;
                case 870 -> 6.5;
                default -> 4.0 + (i % 5) * 0.25;
            };
            rows.add(new double[] {t, temp});
        }
        db.store(T, "case-1-p1", Instant.parse("2026-11-11T00:01:00Z"), rows);
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            new CalibrationStore()
                    .insert(
                            c,
                            T,
                            "case-1-p1",
                            LocalDate.parse("2025-11-09"),
                            LocalDate.parse("2026-11-09"),
                            "CAL-2025-0117",
                            "Jiangsu Metrology Institute",
                            "admin-wang");
            c.commit();
            c.setAutoCommit(true);
            new DaySealer(new DigestStore(), Duration.ofMinutes(10), Duration.ofDays(30)).run(c, NOW);
        }
        service = new TemperatureLogService(
                new RegistryView(),
                new AttributionStore(),
                new ProfileStore(),
                new SeriesStore(),
                new CalibrationStore(),
                new DigestStore(),
                new InMemoryExcursions().add(ALERT, "LOT-1"));
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    static TemperatureLog log(Instant from, Instant to) throws Exception {
        try (Connection c = db.connection()) {
            return service.build(c, service.site(c, T, "store-9"), from, to, NOW, "qa-li");
        }
    }

    @Test
    void the_log_has_the_summary_gaps_compliance_excursions_and_calibration() throws Exception {
        TemperatureLog log = log(FROM, TO);
        assertThat(log.assets()).singleElement().satisfies(a -> {
            assertThat(a.minC()).isEqualTo(2.0);
            assertThat(a.maxC()).isEqualTo(6.0);
        });
        SensorLog s = log.assets().get(0).sensors().get(0);
        assertThat(s.count()).isEqualTo(133);
        assertThat(s.minC()).isEqualTo(4.0);
        assertThat(s.maxC()).isEqualTo(8.2);
        assertThat(s.raw()).isTrue();
        assertThat(s.curve()).hasSize(133);
        // One gap, from the 10:00 reading to the 12:00 one.
        assertThat(s.gaps()).singleElement().satisfies(g -> {
            assertThat(g.from()).isEqualTo(Instant.parse("2026-11-10T10:00:00Z"));
            assertThat(g.to()).isEqualTo(Instant.parse("2026-11-10T12:00:00Z"));
        });
        // Required interval 30 min for storage: the gap loses 90 of the day's 1440 minutes.
        assertThat(s.compliance()).isCloseTo(1350.0 / 1440, within(1e-9));
        // Four readings above 6 °C, ten minutes each.
        assertThat(s.outOfRange()).isEqualTo(Duration.ofMinutes(40));
        assertThat(s.excursions()).containsExactly(ALERT);
        assertThat(s.calibration().due()).isEqualTo(LocalDate.parse("2026-11-09"));
        assertThat(s.calibration().overdue()).isTrue();
        assertThat(s.calibration().readingsAfterDue()).isEqualTo(133);
        assertThat(log.digests()).singleElement().satisfies(d -> {
            assertThat(d.day()).isEqualTo(LocalDate.parse("2026-11-10"));
            assertThat(d.rowCount()).isEqualTo(133);
        });

        JsonObject json = new JsonObject(LogJson.render(log));
        JsonObject sensor = json.getJsonArray("assets")
                .getJsonObject(0)
                .getJsonArray("sensors")
                .getJsonObject(0);
        assertThat(sensor.getInteger("readings")).isEqualTo(133);
        assertThat(sensor.getLong("time_out_of_range_s")).isEqualTo(2400);
        assertThat(sensor.getJsonArray("gaps").getJsonObject(0).getLong("duration_s"))
                .isEqualTo(7200);
        assertThat(sensor.getJsonArray("excursions").getJsonObject(0).getString("corrective_action"))
                .isEqualTo("Door closed, stock moved to cold room 2");
        assertThat(sensor.getJsonArray("excursions")
                        .getJsonObject(0)
                        .getJsonObject("dispositions")
                        .getString("LOT-1"))
                .isEqualTo("release");
    }

    @Test
    void a_long_period_is_rolled_up_to_at_most_two_thousand_points() throws Exception {
        assertThat(io.coldchain.records.log.RecordingIntervals.bucketFor(Duration.ofDays(30), 2000))
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(io.coldchain.records.log.RecordingIntervals.bucketFor(Duration.ofDays(1), 2000))
                .isEqualTo(Duration.ofMinutes(1));
        try (Connection c = db.connection()) {
            int id = new SeriesStore().sensorId(c, T, "case-1-p1");
            List<SeriesStore.Point> hourly =
                    new SeriesStore().rollup(c, List.of(id), FROM, TO, Duration.ofHours(1), false);
            assertThat(hourly).hasSize(23); // 24 hours, 11:xx without readings (10:00 has one)
            SeriesStore.Point twoPm = hourly.stream()
                    .filter(p -> p.ts().equals(Instant.parse("2026-11-10T14:00:00Z")))
                    .findFirst()
                    .orElseThrow();
            assertThat(twoPm.count()).isEqualTo(6);
            assertThat(twoPm.maxC()).isEqualTo(8.2);
            assertThat(twoPm.minC()).isEqualTo(4.0 + (88 % 5) * 0.25); // 14:40 is reading #88: 4.75
            // The log's rollups come from the summary's own scan (GROUPING SETS): the same buckets.
            SeriesStore.Request q = new SeriesStore.Request(
                    id, FROM, TO, Duration.ofMinutes(30), Duration.ofMinutes(15), 2.0, 6.0, null);
            SeriesStore.Summary s = new SeriesStore()
                    .summaries(c, List.of(q), Duration.ofHours(1), FROM)
                    .get(0);
            assertThat(s.buckets()).isEqualTo(hourly);
            assertThat(s.count()).isEqualTo(133);
        }
    }

    @Test
    void the_csv_parses_back_to_the_stored_readings() throws Exception {
        String csv = LogCsv.render(log(FROM, TO));
        assertThat(csv).contains("\r\n");
        List<CSVRecord> rows = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv))
                .getRecords();
        List<Reading> stored;
        try (Connection c = db.connection()) {
            stored = new ReadingQueryStore().bySensor(c, T, "case-1-p1", FROM, TO, 10_000);
        }
        assertThat(rows).hasSize(stored.size());
        for (int i = 0; i < rows.size(); i++) {
            CSVRecord r = rows.get(i);
            Reading s = stored.get(i);
            assertThat(r.get("sensor")).isEqualTo("case-1-p1");
            assertThat(r.get("row")).isEqualTo("reading");
            assertThat(Instant.parse(r.get("ts_utc_rfc3339"))).isEqualTo(s.ts());
            assertThat(Double.parseDouble(r.get("temp_c_celsius"))).isEqualTo(s.tempC());
            assertThat(Double.parseDouble(r.get("rh_percent"))).isEqualTo(s.rh());
            assertThat(r.get("gateway")).isEqualTo(s.gateway());
            assertThat(r.get("calibration_overdue")).isEqualTo("true");
        }
    }

    @Test
    void the_pdf_opens_and_names_the_site_period_excursions_and_digests() throws Exception {
        TemperatureLog log = log(FROM, TO);
        ReportFonts fonts = new ReportFonts(Optional.empty());
        org.junit.jupiter.api.Assumptions.assumeTrue(
                fonts.available(),
                "no Chinese TrueType font on this machine (apt-get install fonts-wqy-zenhei): the PDF is not rendered here");
        for (String lang : List.of("en", "zh")) {
            byte[] pdf = new LogPdf(fonts).render(log, lang);
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                assertThat(doc.getNumberOfPages())
                        .as("summary, one asset, calibration and digests")
                        .isEqualTo(3);
                String text = new PDFTextStripper().getText(doc);
                assertThat(text)
                        .contains("Store store-9")
                        .contains("store-9")
                        .contains("UTC (UTC+00:00)") // a site without a zone: the server's default
                        .contains("2026-11-10 00:00 +00:00")
                        .contains("2026-11-11 00:00 +00:00")
                        .contains("al-42")
                        .contains("Door closed")
                        .contains("CAL-2025-0117")
                        .contains(log.digests().get(0).digest());
                assertThat(text).contains(lang.equals("zh") ? "温度记录" : "Temperature log");
                assertThat(text).contains(lang.equals("zh") ? "温度异常及纠正措施" : "Excursions and corrective actions");
            }
        }
    }

    @Test
    void without_a_cjk_font_the_pdf_fails_with_a_message_naming_what_to_install() {
        ReportFonts none = new ReportFonts(Optional.of(java.nio.file.Path.of("/nonexistent/font.ttc")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LogPdf(none).render(log(FROM, TO), "en"))
                .isInstanceOf(io.coldchain.core.error.ColdchainException.class)
                .hasMessageContaining("apt-get install fonts-wqy-zenhei")
                .hasMessageContaining("COLDCHAIN_RECORDS_PDF_FONT")
                .satisfies(e -> assertThat(((io.coldchain.core.error.ColdchainException) e).status())
                        .isEqualTo(503));
    }
}
