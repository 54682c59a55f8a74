package io.coldchain.api;

import static io.coldchain.api.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.model.Reading;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.SensorKeyStore;
import io.coldchain.ingest.store.SensorKeyStore.SensorKey;
import io.coldchain.records.export.ReportFonts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Site time zones and the compliance report over HTTP: a store in Asia/Shanghai, three readings
 * around its local midnight of 2026-11-21 (15:50Z belongs to the 20th, 16:30Z and 17:00Z to the
 * 21st); the log and report of that local day; who may read them; the report schedules.
 */
class SiteTimeZoneEndpointTest {
    private static final String T = "/api/v1/tenants/acme";
    private static TestApi api;
    private static String admin;
    private static String qa;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("sitezone");
        admin = api.token("acme", "admin", null);
        qa = api.token("acme", "qa", null);
        ok(api.put(T + "/sites/sh", site().put("timezone", "Asia/Shanghai"), admin), 201);
        ok(
                api.put(
                        T + "/assets/case-1",
                        new JsonObject()
                                .put("name", "Case 1")
                                .put("kind", "display_case")
                                .put("site", "sh")
                                .put("profile", "dairy-chilled"),
                        admin),
                201);
        ok(
                api.put(
                        T + "/sensors/case-1-p1",
                        new JsonObject().put("gateway", "gw-1").put("asset", "case-1"),
                        admin),
                201);
        store(List.of(
                reading("2026-11-20T15:50:00Z", 9.9),
                reading("2026-11-20T16:30:00Z", 7.5),
                reading("2026-11-20T17:00:00Z", 4.0)));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void a_site_takes_an_iana_zone_and_refuses_anything_else() throws Exception {
        assertThat(json(api.get(T + "/sites/sh", qa), 200).getString("timezone"))
                .isEqualTo("Asia/Shanghai");
        for (String bad : List.of("Mars/Olympus", "+08:00", "asia/shanghai", "CST8")) {
            JsonObject r = json(api.put(T + "/sites/bad", site().put("timezone", bad), admin), 400);
            assertThat(r.getString("detail")).contains("timezone").contains("IANA");
        }
        assertThat(api.get(T + "/sites/bad", qa).statusCode()).isEqualTo(404);
        // Without a zone: the server's setting (UTC on this test server, Asia/Shanghai when so configured).
        ok(api.put(T + "/sites/plain", site(), admin), 201);
        assertThat(json(api.get(T + "/sites/plain", qa), 200).getString("timezone"))
                .isEqualTo("UTC");
        assertThat(RegistryBody.site(site().toBuffer(), ZoneId.of("Asia/Shanghai"))
                        .values()
                        .getString("timezone"))
                .isEqualTo("Asia/Shanghai");
    }

    @Test
    void the_log_of_a_local_day_runs_from_the_sites_midnight() throws Exception {
        for (String query : List.of("?date=2026-11-21", "?from=2026-11-21&to=2026-11-22")) {
            JsonObject log = json(api.get(T + "/sites/sh/temperature-log" + query, qa), 200);
            assertThat(log.getString("timezone")).isEqualTo("Asia/Shanghai");
            assertThat(log.getString("from")).isEqualTo("2026-11-20T16:00:00Z");
            assertThat(log.getString("from_local")).isEqualTo("2026-11-21T00:00:00+08:00");
            JsonObject sensor = log.getJsonArray("assets")
                    .getJsonObject(0)
                    .getJsonArray("sensors")
                    .getJsonObject(0);
            assertThat(sensor.getInteger("readings")).isEqualTo(2);
            assertThat(sensor.getDouble("max_c")).isEqualTo(7.5);
        }
        assertThat(json(api.get(T + "/sites/sh/temperature-log?date=2026-11-21&from=2026-11-21", qa), 400)
                        .getString("detail"))
                .contains("either date or from/to");
        assertThat(api.get(T + "/sites/sh/temperature-log?date=21.11.2026", qa).statusCode())
                .isEqualTo(400);
    }

    @Test
    void the_daily_compliance_report_over_http() throws Exception {
        String path = T + "/sites/sh/compliance-report?period=day&date=2026-11-21";
        JsonObject r = json(api.get(path, qa), 200);
        assertThat(r.getString("timezone")).isEqualTo("Asia/Shanghai");
        assertThat(r.getString("first_day")).isEqualTo("2026-11-21");
        assertThat(r.getString("from_local")).isEqualTo("2026-11-21T00:00:00+08:00");
        assertThat(r.getBoolean("complete")).isTrue();
        assertThat(r.getJsonObject("summary").getInteger("sensors")).isEqualTo(1);
        JsonObject asset = r.getJsonArray("assets").getJsonObject(0);
        // 7.5 °C at 16:30Z stands until the 4.0 °C at 17:00Z: 30 minutes beyond 2..6 °C.
        assertThat(asset.getLong("time_out_of_range_s")).isEqualTo(1800);
        assertThat(asset.getJsonArray("sensors").getJsonObject(0).getInteger("readings"))
                .isEqualTo(2);

        HttpResponse<String> csv = api.get(path + "&format=csv", qa);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).contains("2026-11-21T00:00:00+08:00").contains("case-1-p1");

        assertThat(api.get(path, api.token("acme", "regulator", "3101")).statusCode())
                .isEqualTo(200);
        assertThat(api.get(path, api.token("acme", "regulator", "3203")).statusCode())
                .isEqualTo(404);
        assertThat(api.get(path, api.token("other", "qa", null)).statusCode()).isEqualTo(404);
        assertThat(json(api.get(T + "/sites/sh/compliance-report?period=year", qa), 400)
                        .getString("detail"))
                .contains("period");
        assertThat(json(api.get(T + "/sites/sh/compliance-report?date=2999-01-01", qa), 400)
                        .getString("detail"))
                .contains("has not begun");

        if (new ReportFonts(Optional.empty()).available()) {
            HttpResponse<byte[]> pdf = api.client.send(
                    HttpRequest.newBuilder(URI.create(api.base + path + "&format=pdf"))
                            .header("Authorization", "Bearer " + qa)
                            .header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pdf.statusCode()).isEqualTo(200);
            try (PDDocument doc = Loader.loadPDF(pdf.body())) {
                String text = new PDFTextStripper().getText(doc);
                assertThat(text).contains("温度控制自查报告").contains("Asia/Shanghai (UTC+08:00)");
            }
        }
    }

    @Test
    void report_schedules_are_managed_by_admins() throws Exception {
        JsonObject body = new JsonObject()
                .put("site", "sh")
                .put("period", "week")
                .put("targets", new JsonArray().add("reports-hook"))
                .put("format", "pdf")
                .put("lang", "zh");
        assertThat(json(api.put(T + "/report-schedules/weekly", body, admin), 400)
                        .getString("detail"))
                .contains("reports-hook");
        ok(
                api.put(
                        T + "/notification-targets/reports-hook",
                        new JsonObject()
                                .put("channel", "webhook")
                                .put("url", "https://hooks.example.com/reports")
                                .put("secret", "0123456789abcdef0123"),
                        admin),
                201);
        JsonObject created = json(api.put(T + "/report-schedules/weekly", body, admin), 201);
        LocalDate today = Instant.now().atZone(ZoneId.of("Asia/Shanghai")).toLocalDate();
        // The first report is the current week's: queued once it has ended.
        assertThat(created.getString("delivered_through"))
                .isEqualTo(today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .minusDays(1)
                        .toString());
        assertThat(json(api.put(T + "/report-schedules/weekly", body, admin), 200)
                        .getString("period"))
                .isEqualTo("week");
        assertThat(api.put(T + "/report-schedules/weekly", body, qa).statusCode())
                .isEqualTo(403);
        assertThat(api.get(T + "/report-schedules", qa).statusCode()).isEqualTo(403);
        assertThat(TestApi.items(api.get(T + "/report-schedules", admin), "schedules"))
                .extracting(s -> s.getString("schedule"))
                .containsExactly("weekly");
        assertThat(json(api.get(T + "/report-schedules/weekly", admin), 200).getJsonArray("recent_deliveries"))
                .isEmpty();
        assertThat(json(api.send("DELETE", T + "/report-schedules/weekly", admin, (JsonObject) null), 200)
                        .getBoolean("deleted"))
                .isTrue();
        assertThat(api.get(T + "/report-schedules/weekly", admin).statusCode()).isEqualTo(404);
        try (Connection c = api.pool.getConnection();
                var st = c.createStatement();
                var rs = st.executeQuery(
                        "SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE entity = 'report_schedule'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("put_report_schedule,put_report_schedule,delete_report_schedule");
        }
    }

    private static JsonObject site() {
        return new JsonObject()
                .put("name", "上海一店")
                .put("kind", "store")
                .put("region", "310101")
                .put("address", "No. 8 Road");
    }

    private static void ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    }

    private static Reading reading(String ts, double temp) {
        Instant t = Instant.parse(ts);
        return new Reading("acme", "gw-1", "case-1-p1", t, temp, null, null, null, null, t);
    }

    private static void store(List<Reading> rows) throws Exception {
        try (Connection c = api.pool.getConnection()) {
            c.setAutoCommit(false);
            var keys = new SensorKeyStore().keys(c, List.of(new SensorKey("acme", "case-1-p1")));
            int[] ids = rows.stream()
                    .mapToInt(r -> keys.get(new SensorKey("acme", "case-1-p1")))
                    .toArray();
            new ReadingStore().insert(c, rows, ids);
            c.commit();
        }
    }
}
