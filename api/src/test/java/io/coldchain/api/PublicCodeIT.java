package io.coldchain.api;

import static io.coldchain.api.RecallFixture.LOT;
import static io.coldchain.api.RecallFixture.OTHER_LOT;
import static io.coldchain.api.RecallFixture.T;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.coldchain.core.model.Reading;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.SensorKeyStore;
import io.coldchain.ingest.store.SensorKeyStore.SensorKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Public trace codes against a real PostgreSQL through the HTTP API: issuing, the public JSON and
 * page (nothing internal in them), no enumeration (random and revoked codes are one 404), the QR
 * PNG decoding back to the URL, roles, and the per-address rate limit (last: it spends the bucket).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublicCodeIT {
    private static final String CODE_PATH = T + "/batches/" + LOT + "/public-code";

    private static TestApi api;
    private static String admin;
    private static String qa;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("publiccode");
        admin = api.token("acme", "admin", null);
        qa = api.token("acme", "qa", null);
        RecallFixture.build(api, admin);
        // On the truck to the warehouse within 2-6 °C; in store B's display case once at 9 °C.
        insert(List.of(
                reading("gw-truck-1", "sen-truck-1", "2026-11-01T09:00:00Z", 4.0),
                reading("gw-truck-1", "sen-truck-1", "2026-11-01T10:00:00Z", 4.5),
                reading("gw-truck-1", "sen-truck-1", "2026-11-01T11:00:00Z", 4.2),
                reading("gw-store-b", "sen-case-b", "2026-11-03T11:00:00Z", 4.0),
                reading("gw-store-b", "sen-case-b", "2026-11-03T12:00:00Z", 9.0),
                reading("gw-store-b", "sen-case-b", "2026-11-03T13:00:00Z", 4.0)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    @Order(1)
    void theCodeOpensAPublicTraceWithVerdictsAndNothingInternal() throws Exception {
        JsonObject issued = api.require(200, "GET", CODE_PATH, qa, null);
        String code = issued.getString("code");
        assertThat(code).matches("[a-z2-7]{32}");
        assertThat(issued.getString("url")).isEqualTo(api.base + "/t/" + code);
        assertThat(api.require(200, "GET", CODE_PATH, admin, null).getString("code"))
                .as("the batch keeps its code")
                .isEqualTo(code);

        HttpResponse<String> r = api.get("/api/v1/public/trace/" + code, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject trace = new JsonObject(r.body());
        assertThat(trace.getString("product")).isEqualTo("Plain yoghurt 1 kg");
        assertThat(trace.getString("lot")).isEqualTo(LOT);
        assertThat(trace.getString("produced_on")).isEqualTo("2026-11-01");
        assertThat(trace.getString("expires_on")).isEqualTo("2026-11-22");
        assertThat(trace.getBoolean("recalled")).isFalse();
        JsonArray legs = trace.getJsonArray("legs");
        assertThat(legs).hasSize(6);
        JsonObject truck = legs.getJsonObject(0);
        assertThat(truck.getString("asset_kind")).isEqualTo("truck");
        assertThat(truck.getString("from")).isEqualTo("2026-11-01T08:00:00Z");
        assertThat(truck.getString("to")).isEqualTo("2026-11-01T12:00:00Z");
        assertThat(truck.getString("verdict")).isEqualTo("within_limits");
        JsonObject caseB = legs.getJsonObject(5);
        assertThat(caseB.getString("asset_kind")).isEqualTo("display_case");
        assertThat(caseB.getString("site_kind")).isEqualTo("store");
        assertThat(caseB.getString("verdict")).isEqualTo("out_of_limits");
        assertThat(caseB.getLong("minutes_out_of_range")).isEqualTo(60);
        assertThat(legs.getJsonObject(1).getString("verdict"))
                .as("the warehouse's cold room had no sensor")
                .isEqualTo("no_readings");
        assertThat(trace.getString("verdict")).isEqualTo("out_of_limits");

        String page = api.get("/t/" + code, null).body();
        assertThat(page).contains("<html").contains("/js/trace.js");
        for (String body : List.of(r.body(), page)) {
            assertThat(body)
                    .doesNotContain("acme")
                    .doesNotContain("sen-")
                    .doesNotContain("gw-")
                    .doesNotContain("truck-1")
                    .doesNotContain("case-b")
                    .doesNotContain("store-b")
                    .doesNotContain("wh-1")
                    .doesNotContain(OTHER_LOT)
                    .doesNotContain(api.tokens.verify(qa).subject())
                    .doesNotContain(api.tokens.verify(admin).subject());
        }
        assertThat(trace.fieldNames())
                .containsExactlyInAnyOrder(
                        "product", "lot", "produced_on", "expires_on", "verdict", "recalled", "legs");
    }

    @Test
    @Order(2)
    void randomMalformedAndRevokedCodesAreOneAndTheSame404() throws Exception {
        String code = api.require(200, "GET", CODE_PATH, qa, null).getString("code");
        Set<String> bodies = new HashSet<>();
        SecureRandom random = new SecureRandom();
        List<String> tries = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < 32; k++) {
                s.append("abcdefghijklmnopqrstuvwxyz234567".charAt(random.nextInt(32)));
            }
            tries.add(s.toString());
        }
        tries.addAll(
                List.of(code.substring(0, 31) + (code.charAt(31) == 'a' ? 'b' : 'a'), "x", "AAAA", "1' OR '1'='1"));
        for (String t : tries) {
            HttpResponse<String> r = api.get("/api/v1/public/trace/" + java.net.URLEncoder.encode(t, "UTF-8"), null);
            assertThat(r.statusCode()).as(t).isEqualTo(404);
            bodies.add(r.body());
        }
        JsonObject revoked = api.require(200, "DELETE", CODE_PATH, qa, null);
        assertThat(revoked.getBoolean("revoked")).isTrue();
        HttpResponse<String> old = api.get("/api/v1/public/trace/" + code, null);
        assertThat(old.statusCode()).isEqualTo(404);
        bodies.add(old.body());
        assertThat(bodies).as("one answer for every code that opens nothing").hasSize(1);
        assertThat(new JsonObject(bodies.iterator().next()).fieldNames()).containsExactlyInAnyOrder("error", "detail");

        String fresh = api.require(200, "GET", CODE_PATH, qa, null).getString("code");
        assertThat(fresh).isNotEqualTo(code);
        assertThat(api.get("/api/v1/public/trace/" + fresh, null).statusCode()).isEqualTo(200);

        JsonArray audit = api.require(200, "GET", T + "/audit", admin, null).getJsonArray("entries");
        assertThat(audit.stream().map(e -> ((JsonObject) e).getString("action")).toList())
                .contains("issue_public_code", "revoke_public_code");
    }

    @Test
    @Order(3)
    void theQrPngDecodesToTheUrl() throws Exception {
        JsonObject issued = api.require(200, "GET", CODE_PATH, qa, null);
        HttpResponse<byte[]> png = api.client.send(
                HttpRequest.newBuilder(URI.create(api.base + CODE_PATH + "?format=png"))
                        .header("Authorization", "Bearer " + qa)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("content-type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(image.getWidth()).isEqualTo(PublicCodeEndpoint.PNG_SIZE);
        String decoded = new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                .getText();
        assertThat(decoded).isEqualTo(issued.getString("url"));
        api.require(400, "GET", CODE_PATH + "?format=gif", qa, null);
    }

    @Test
    @Order(4)
    void withAPublicUrlSetAForgedHostNeverReachesTheUrlOrTheQrCode() throws Exception {
        String publicUrl = "https://cold.example.com/chain";
        int port = api.serve(
                        new io.coldchain.core.config.HttpOptions("127.0.0.1", 0),
                        TestServices.withPublicUrl(URI.create(publicUrl)))
                .actualPort();

        JsonObject issued = new JsonObject(new String(forgedHostGet(port, CODE_PATH), StandardCharsets.UTF_8));
        assertThat(issued.getString("url")).isEqualTo(publicUrl + "/t/" + issued.getString("code"));

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(forgedHostGet(port, CODE_PATH + "?format=png")));
        String decoded = new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                .getText();
        assertThat(decoded).startsWith(publicUrl + "/t/").doesNotContain("evil");
        assertThat(api.get("/api/v1/public/trace/" + decoded.substring(decoded.lastIndexOf('/') + 1), null)
                        .statusCode())
                .isEqualTo(200);
    }

    /**
     * GET as qa with {@code Host: evil.example} (the JDK client refuses to forge it), over a raw
     * socket; the body of a 200 answer.
     */
    private static byte[] forgedHostGet(int port, String path) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Host: evil.example\r\n"
                                    + "Authorization: Bearer " + qa + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertThat(text).startsWith("HTTP/1.1 200");
            assertThat(text.substring(0, end).toLowerCase(java.util.Locale.ROOT))
                    .doesNotContain("transfer-encoding: chunked");
            return java.util.Arrays.copyOfRange(all, end + 4, all.length);
        }
    }

    @Test
    @Order(4)
    void onlyTheTenantsAdminAndQaManageCodesAndARecallShowsOnThePage() throws Exception {
        api.require(403, "GET", CODE_PATH, api.token("acme", "regulator", "320400"), null);
        api.require(403, "DELETE", CODE_PATH, api.token("acme", "regulator", "320400"), null);
        HttpResponse<String> stranger = api.get(CODE_PATH, api.token("globex", "admin", null));
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(stranger.body())
                .isEqualTo(api.get(T + "/batches/no-such-lot/public-code", api.token("globex", "admin", null))
                        .body());
        api.require(404, "GET", T + "/batches/no-such-lot/public-code", qa, null);
        api.require(401, "GET", CODE_PATH, null, null);

        String code = api.require(200, "GET", CODE_PATH, qa, null).getString("code");
        api.require(
                201,
                "POST",
                T + "/recalls",
                qa,
                new JsonObject()
                        .put("id", "R-pub")
                        .put("lots", new JsonArray().add(LOT))
                        .put("reason", "Seal defect"));
        JsonObject trace =
                new JsonObject(api.get("/api/v1/public/trace/" + code, null).body());
        assertThat(trace.getBoolean("recalled")).isTrue();
        assertThat(trace.encode()).doesNotContain("Seal defect").doesNotContain("R-pub");
    }

    @Test
    @Order(5)
    void oneAddressIsRateLimitedWith429AndRetryAfter() throws Exception {
        HttpResponse<String> limited = null;
        int sent = 0;
        while (limited == null && sent < RecallRoutes.PUBLIC_BURST + 20) {
            HttpResponse<String> r = api.get("/api/v1/public/trace/" + "a".repeat(32), null);
            sent++;
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertThat(r.statusCode()).isEqualTo(404);
            }
        }
        assertThat(limited).as("429 within " + sent + " requests").isNotNull();
        assertThat(sent).isLessThanOrEqualTo(RecallRoutes.PUBLIC_BURST + 1);
        assertThat(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1, 2);
        assertThat(new JsonObject(limited.body()).getString("error")).isEqualTo("too_many_requests");
        String metrics = api.get("/metrics", null).body();
        assertThat(metrics).containsPattern("coldchain_public_rate_limited_total \\d");
        assertThat(metrics).containsPattern("coldchain_public_trace_lookups_total\\{outcome=\"not_found\"} [1-9]");
        assertThat(metrics).containsPattern("coldchain_public_trace_lookups_total\\{outcome=\"found\"} [1-9]");
    }

    private static Reading reading(String gateway, String sensor, String ts, double temp) {
        return new Reading("acme", gateway, sensor, Instant.parse(ts), temp, null, null, null, null, Instant.now());
    }

    private static void insert(List<Reading> readings) throws Exception {
        try (Connection c = api.pool.getConnection()) {
            Map<SensorKey, Integer> keys = new SensorKeyStore()
                    .keys(
                            c,
                            readings.stream()
                                    .map(r -> new SensorKey(r.tenant(), r.sensor()))
                                    .toList());
            c.setAutoCommit(false);
            new ReadingStore()
                    .insert(
                            c,
                            readings,
                            readings.stream()
                                    .mapToInt(r -> keys.get(new SensorKey(r.tenant(), r.sensor())))
                                    .toArray());
            c.commit();
        }
    }
}
