package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.NewAlert;
import io.coldchain.registry.user.UserAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad request bodies on every write route: a fixed corpus (not JSON, not an object, empty, deep
 * nesting, NaN and Infinity literals, invalid UTF-8, trailing garbage) and, from a seeded random
 * generator, bodies that break one to three fields of a valid body (wrong types, nulls, huge
 * strings, Unicode with surrogates, RTL marks and NUL, SQL injection, numbers out of range, unknown
 * fields, missing fields). Every one must be a 400 with {@code {"error", "detail"}}, never a 500 and
 * never accepted.
 *
 * <p>Also holds the OpenAPI document to the parsers: every documented request body names exactly the
 * fields the parser allows, and requires exactly those the parser requires.
 */
class WriteBodyFuzzTest {
    private static final String T = "/api/v1/tenants/acme";
    private static final long SEED = 20261129L;
    private static final int RANDOM_BODIES_PER_ROUTE = 150;

    /** How a field is checked, so that the generator knows which values are wrong for it. */
    enum FieldKind {
        ID,
        TEXT_200,
        TEXT_500,
        TEXT_2000,
        TEXT_4000,
        SITE_KIND,
        ASSET_KIND,
        CHANNEL,
        SEVERITY,
        REGION,
        TIME,
        DATE,
        INTERVAL_S,
        QUANTITY,
        TEMP,
        RULES,
        LOTS,
        DISPOSITIONS,
        URL,
        ADDRESS,
        SECRET,
        LEVEL,
        BOOLEAN,
        /** A username or password as typed at login: any text of 1-200 characters. */
        LOGIN_TEXT,
        /** A new account's password: 10-200 characters, at least 4 different ones. */
        PASSWORD,
        ROLE,
        CREDENTIAL_KIND,
        GRACE_S,
        /** An IANA time zone (Asia/Shanghai). */
        TIMEZONE,
        /** day, week or month. */
        PERIOD,
        /** pdf, csv or json. */
        FORMAT,
        /** en or zh. */
        LANG,
        /** 1-20 notification target ids of the tenant. */
        TARGETS,
        /** A recall site's follow-up: notified, removed, confirmed. */
        RECALL_STATUS
    }

    /**
     * A write route: the path the bad bodies go to, where a valid body may succeed (the same path, or
     * a fresh one where a success uses the target up: an acknowledged alert cannot be acknowledged
     * again), its valid body (fresh prerequisites where a success would use them up) and its fields.
     */
    record WriteRoute(
            String method,
            String path,
            Supplier<String> successPath,
            Supplier<JsonObject> valid,
            Map<String, FieldKind> fields,
            List<String> required) {}

    /**
     * Fields the document lists as optional that the parser requires in some bodies, with why. The
     * check that an optional field may be left out expects a 400 naming the field for these instead;
     * the document's description says when it is required.
     */
    private static final Map<String, Map<String, String>> REQUIRED_SOMETIMES = Map.of(
            "PUT /api/v1/tenants/{tenant}/notification-targets/{target}",
            // The valid body is a webhook; "address" (required for e-mail) cannot be tried: the test API
            // has no SMTP server, so an e-mail target is refused whatever its fields.
            Map.of("url", "required when channel is webhook"));

    /** The batch every alert of this test names: a resolution's dispositions name it. */
    private static final String ALERT_LOT = "L-alert";

    private static TestApi api;
    private static String admin;
    /** Routes whose writes need another caller than the tenant's admin (regulators: the platform administrator). */
    private static final Map<String, String> TOKENS = new LinkedHashMap<>();

    private static final AtomicInteger fresh = new AtomicInteger();
    private static final Map<String, WriteRoute> ROUTES = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("fuzz");
        admin = api.tokens.issue("acme", "admin", Optional.empty(), java.time.Duration.ofHours(1));
        ok("PUT", T + "/sites/s1", site());
        ok("PUT", T + "/assets/truck-1", new JsonObject().put("name", "Truck").put("kind", "truck"));
        ok("PUT", T + "/assets/case-1", asset());
        ok("PUT", T + "/products/p1", product());
        ok(
                "POST",
                T + "/shipments",
                new JsonObject()
                        .put("id", "S1")
                        .put("asset", "truck-1")
                        .put("batches", new JsonArray().add(freshLot()))
                        .put("origin", "s1")
                        .put("destination", "s1")
                        .put("departed_at", "2026-01-01T00:00:00Z"));
        ok("PUT", T + "/batches/" + ALERT_LOT, batch());

        Map<String, FieldKind> f = new LinkedHashMap<>();
        f.put("name", FieldKind.TEXT_200);
        f.put("kind", FieldKind.SITE_KIND);
        f.put("region", FieldKind.REGION);
        f.put("address", FieldKind.TEXT_500);
        f.put("timezone", FieldKind.TIMEZONE);
        route("PUT /api/v1/tenants/{tenant}/sites/{site}", T + "/sites/s1", WriteBodyFuzzTest::site, f);

        f = new LinkedHashMap<>();
        f.put("name", FieldKind.TEXT_200);
        f.put("kind", FieldKind.ASSET_KIND);
        f.put("site", FieldKind.ID);
        f.put("profile", FieldKind.ID);
        route("PUT /api/v1/tenants/{tenant}/assets/{asset}", T + "/assets/case-1", WriteBodyFuzzTest::asset, f);

        f = new LinkedHashMap<>();
        f.put("gateway", FieldKind.ID);
        f.put("asset", FieldKind.ID);
        f.put("expected_interval_s", FieldKind.INTERVAL_S);
        f.put("calibration_due", FieldKind.DATE);
        route(
                "PUT /api/v1/tenants/{tenant}/sensors/{sensor}",
                T + "/sensors/sen-1",
                () -> new JsonObject()
                        .put("gateway", "gw-1")
                        .put("asset", "case-1")
                        .put("expected_interval_s", 60)
                        .put("calibration_due", "2027-01-01"),
                f);

        f = new LinkedHashMap<>();
        f.put("name", FieldKind.TEXT_200);
        f.put("min_c", FieldKind.TEMP);
        f.put("max_c", FieldKind.TEMP);
        f.put("rules", FieldKind.RULES);
        route(
                "PUT /api/v1/tenants/{tenant}/profiles/{profile}",
                T + "/profiles/prof-1",
                () -> new JsonObject()
                        .put("name", "Chilled")
                        .put("min_c", 2.0)
                        .put("max_c", 6.0)
                        .put("rules", new JsonArray().add(validRule())),
                f);

        f = new LinkedHashMap<>();
        f.put("name", FieldKind.TEXT_200);
        f.put("profile", FieldKind.ID);
        route("PUT /api/v1/tenants/{tenant}/products/{sku}", T + "/products/p1", WriteBodyFuzzTest::product, f);

        f = new LinkedHashMap<>();
        f.put("sku", FieldKind.ID);
        f.put("produced_at", FieldKind.TIME);
        f.put("expires_at", FieldKind.TIME);
        f.put("quantity", FieldKind.QUANTITY);
        route("PUT /api/v1/tenants/{tenant}/batches/{lot}", T + "/batches/L-fixed", WriteBodyFuzzTest::batch, f);

        f = new LinkedHashMap<>();
        f.put("id", FieldKind.ID);
        f.put("asset", FieldKind.ID);
        f.put("batches", FieldKind.LOTS);
        f.put("origin", FieldKind.ID);
        f.put("destination", FieldKind.ID);
        f.put("departed_at", FieldKind.TIME);
        route(
                "POST /api/v1/tenants/{tenant}/shipments",
                T + "/shipments",
                () -> new JsonObject()
                        .put("id", "S-" + fresh.incrementAndGet())
                        .put("asset", "truck-1")
                        .put("batches", new JsonArray().add(freshLot()))
                        .put("origin", "s1")
                        .put("destination", "s1")
                        .put("departed_at", "2026-02-01T00:00:00Z"),
                f);

        f = new LinkedHashMap<>();
        f.put("arrived_at", FieldKind.TIME);
        route(
                "POST /api/v1/tenants/{tenant}/shipments/{shipment}/deliver",
                T + "/shipments/S1/deliver",
                () -> new JsonObject().put("arrived_at", "2026-01-02T00:00:00Z"),
                f);

        f = new LinkedHashMap<>();
        f.put("lot", FieldKind.ID);
        f.put("asset", FieldKind.ID);
        f.put("from", FieldKind.TIME);
        f.put("to", FieldKind.TIME);
        route(
                "POST /api/v1/tenants/{tenant}/placements",
                T + "/placements",
                () -> new JsonObject()
                        .put("lot", freshLot())
                        .put("asset", "case-1")
                        .put("from", "2026-02-01T00:00:00Z")
                        .put("to", "2026-02-02T00:00:00Z"),
                f);

        // Bad bodies go to an alert that stays open (none of them may succeed); valid ones to fresh alerts.
        long open = openAlert();
        f = new LinkedHashMap<>();
        f.put("note", FieldKind.TEXT_2000);
        route(
                "POST /api/v1/tenants/{tenant}/alerts/{id}/ack",
                T + "/alerts/" + open + "/ack",
                () -> T + "/alerts/" + openAlert() + "/ack",
                () -> new JsonObject().put("note", "Driver called; door closed"),
                f);

        f = new LinkedHashMap<>();
        f.put("corrective_action", FieldKind.TEXT_4000);
        f.put("dispositions", FieldKind.DISPOSITIONS);
        route(
                "POST /api/v1/tenants/{tenant}/alerts/{id}/resolve",
                T + "/alerts/" + open + "/resolve",
                () -> T + "/alerts/" + openAlert() + "/resolve",
                () -> new JsonObject()
                        .put("corrective_action", "Moved to a backup truck; probe checked")
                        .put("dispositions", new JsonObject().put(ALERT_LOT, "release")),
                f);

        ok("PUT", T + "/sensors/cal-1", new JsonObject().put("gateway", "gw-1").put("asset", "case-1"));
        f = new LinkedHashMap<>();
        f.put("calibrated_at", FieldKind.DATE);
        f.put("due", FieldKind.DATE);
        f.put("certificate", FieldKind.TEXT_200);
        f.put("performed_by", FieldKind.TEXT_200);
        route(
                "POST /api/v1/tenants/{tenant}/sensors/{sensor}/calibrations",
                T + "/sensors/cal-1/calibrations",
                () -> new JsonObject()
                        .put("calibrated_at", "2026-01-10")
                        .put("due", "2027-01-10")
                        .put("certificate", "CNAS-2026-0042")
                        .put("performed_by", "Metrology Lab Suzhou"),
                f);

        f = new LinkedHashMap<>();
        f.put("channel", FieldKind.CHANNEL);
        f.put("url", FieldKind.URL);
        f.put("address", FieldKind.ADDRESS);
        f.put("secret", FieldKind.SECRET);
        f.put("min_severity", FieldKind.SEVERITY);
        f.put("escalation_level", FieldKind.LEVEL);
        f.put("enabled", FieldKind.BOOLEAN);
        route(
                "PUT /api/v1/tenants/{tenant}/notification-targets/{target}",
                T + "/notification-targets/hook-1",
                () -> new JsonObject()
                        .put("channel", "webhook")
                        .put("url", "https://hooks.example.com/coldchain?x=1")
                        .put("secret", "0123456789abcdef0123")
                        .put("min_severity", "critical")
                        .put("escalation_level", 1)
                        .put("enabled", true),
                f);
        ok(
                "PUT",
                T + "/notification-targets/rs-hook",
                new JsonObject()
                        .put("channel", "webhook")
                        .put("url", "https://hooks.example.com/coldchain/reports")
                        .put("secret", "0123456789abcdef0123"));
        f = new LinkedHashMap<>();
        f.put("site", FieldKind.ID);
        f.put("period", FieldKind.PERIOD);
        f.put("targets", FieldKind.TARGETS);
        f.put("format", FieldKind.FORMAT);
        f.put("lang", FieldKind.LANG);
        route(
                "PUT /api/v1/tenants/{tenant}/report-schedules/{schedule}",
                T + "/report-schedules/weekly-1",
                () -> new JsonObject()
                        .put("site", "s1")
                        .put("period", "week")
                        .put("targets", new JsonArray().add("rs-hook"))
                        .put("format", "pdf")
                        .put("lang", "zh"),
                f);
        f = new LinkedHashMap<>();
        f.put("name", FieldKind.ID);
        f.put("kind", FieldKind.CREDENTIAL_KIND);
        route(
                "POST /api/v1/tenants/{tenant}/mqtt-credentials",
                T + "/mqtt-credentials",
                () -> new JsonObject()
                        .put("name", "cred-" + fresh.incrementAndGet())
                        .put("kind", "gateway"),
                f);
        ok(
                "POST",
                T + "/mqtt-credentials",
                new JsonObject().put("name", "rot-1").put("kind", "gateway"));
        f = new LinkedHashMap<>();
        f.put("grace_s", FieldKind.GRACE_S);
        route(
                "POST /api/v1/tenants/{tenant}/mqtt-credentials/{name}/rotate",
                T + "/mqtt-credentials/rot-1/rotate",
                () -> new JsonObject().put("grace_s", 60),
                f);
        peopleRoutes();
        recallRoutes();
    }

    /** The writes of recalls (issue 13): a recall, a site's follow-up, closing. */
    private static void recallRoutes() throws Exception {
        // A recall whose lot is on its way to s1: s1 is its one location. Bad bodies go to it; it stays open.
        String lot = freshLot();
        ok(
                "POST",
                T + "/shipments",
                new JsonObject()
                        .put("id", "S-recall")
                        .put("asset", "truck-1")
                        .put("batches", new JsonArray().add(lot))
                        .put("origin", "s1")
                        .put("destination", "s1")
                        .put("departed_at", "2026-03-01T00:00:00Z"));
        ok(
                "POST",
                T + "/recalls",
                new JsonObject()
                        .put("id", "R-fuzz")
                        .put("lots", new JsonArray().add(lot))
                        .put("reason", "Fuzzed recall"));
        Map<String, FieldKind> f = new LinkedHashMap<>();
        f.put("id", FieldKind.ID);
        f.put("lots", FieldKind.LOTS);
        f.put("reason", FieldKind.TEXT_2000);
        route(
                "POST /api/v1/tenants/{tenant}/recalls",
                T + "/recalls",
                () -> new JsonObject()
                        .put("id", "R-" + fresh.incrementAndGet())
                        .put("lots", new JsonArray().add(freshLot()))
                        .put("reason", "Foreign body found"),
                f);
        f = new LinkedHashMap<>();
        f.put("status", FieldKind.RECALL_STATUS);
        f.put("note", FieldKind.TEXT_2000);
        route(
                "POST /api/v1/tenants/{tenant}/recalls/{recall}/locations/{site}",
                T + "/recalls/R-fuzz/locations/s1",
                () -> new JsonObject().put("status", "removed").put("note", "Off the shelf"),
                f);
        f = new LinkedHashMap<>();
        f.put("note", FieldKind.TEXT_2000);
        f.put("force", FieldKind.BOOLEAN);
        route(
                "POST /api/v1/tenants/{tenant}/recalls/{recall}/close",
                T + "/recalls/R-fuzz/close",
                () -> {
                    // A recall of its own to close (its lot went nowhere: nothing to confirm).
                    String id = "R-" + fresh.incrementAndGet();
                    try {
                        ok(
                                "POST",
                                T + "/recalls",
                                new JsonObject()
                                        .put("id", id)
                                        .put("lots", new JsonArray().add(freshLot()))
                                        .put("reason", "To close"));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return T + "/recalls/" + id + "/close";
                },
                () -> new JsonObject().put("note", "All withdrawn").put("force", false),
                f);
    }

    /** The routes of people (issue 11): login, users of a tenant, regulators (as the platform administrator). */
    private static void peopleRoutes() throws Exception {
        UserAccounts accounts = new UserAccounts(api.pool);
        accounts.create("fuzz-login", Optional.of("acme"), "qa", Optional.empty(), "", "fuzz-password-0123", "test");
        accounts.create(
                "fuzz-platform", Optional.empty(), "platform", Optional.empty(), "", "fuzz-password-0123", "test");
        Map<String, FieldKind> f = new LinkedHashMap<>();
        f.put("username", FieldKind.LOGIN_TEXT);
        f.put("password", FieldKind.LOGIN_TEXT);
        f.put("token", FieldKind.BOOLEAN);
        route(
                "POST /api/v1/login",
                "/api/v1/login",
                () -> new JsonObject()
                        .put("username", "fuzz-login")
                        .put("password", "fuzz-password-0123")
                        .put("token", true),
                f);

        f = new LinkedHashMap<>();
        f.put("username", FieldKind.ID);
        f.put("password", FieldKind.PASSWORD);
        f.put("role", FieldKind.ROLE);
        f.put("display_name", FieldKind.TEXT_200);
        route(
                "POST /api/v1/tenants/{tenant}/users",
                T + "/users",
                () -> new JsonObject()
                        .put("username", "fuzz-u" + fresh.incrementAndGet())
                        .put("password", "fuzz-password-0123")
                        .put("role", "qa")
                        .put("display_name", "Fuzzed QA"),
                f);

        String platform = api.require(
                        200,
                        "POST",
                        "/api/v1/login",
                        null,
                        new JsonObject()
                                .put("username", "fuzz-platform")
                                .put("password", "fuzz-password-0123")
                                .put("token", true))
                .getString("token");
        TOKENS.put("POST /api/v1/regulators", platform);
        f = new LinkedHashMap<>();
        f.put("username", FieldKind.ID);
        f.put("password", FieldKind.PASSWORD);
        f.put("region", FieldKind.REGION);
        f.put("display_name", FieldKind.TEXT_200);
        route(
                "POST /api/v1/regulators",
                "/api/v1/regulators",
                () -> new JsonObject()
                        .put("username", "fuzz-r" + fresh.incrementAndGet())
                        .put("password", "fuzz-password-0123")
                        .put("region", "320300")
                        .put("display_name", "Fuzzed inspector"),
                f);
    }

    /** Write routes that take no body (nothing to fuzz): revoking a credential. */
    private static final Set<String> BODYLESS = Set.of("DELETE /api/v1/tenants/{tenant}/mqtt-credentials/{name}");

    /** An open warning alert of tenant acme naming {@link #ALERT_LOT}, opened the way the evaluator opens one. */
    private static long openAlert() {
        Instant start = Instant.parse("2026-11-20T08:00:00Z");
        try (Connection c = api.pool.getConnection()) {
            return new AlertStore()
                    .open(
                            c,
                            new NewAlert(
                                    "acme",
                                    "above:6.0:d0:warning",
                                    "above",
                                    "warning",
                                    6.0,
                                    0,
                                    null,
                                    List.of("dairy-chilled"),
                                    null,
                                    "sen-1",
                                    "case-1",
                                    "s1",
                                    null,
                                    start,
                                    null,
                                    start.plusSeconds(600),
                                    start,
                                    7.5,
                                    start.plusSeconds(300),
                                    null,
                                    List.of(new AlertBatch(ALERT_LOT, "p1", "Yoghurt", null, null, null))))
                    .id();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    private static void route(String route, String path, Supplier<JsonObject> valid, Map<String, FieldKind> fields)
            throws Exception {
        route(route, path, () -> path, valid, fields);
    }

    @SuppressWarnings("unchecked")
    private static void route(
            String route,
            String path,
            Supplier<String> successPath,
            Supplier<JsonObject> valid,
            Map<String, FieldKind> fields)
            throws Exception {
        List<String> required = (List<String>) documentedBody(route).getOrDefault("required", List.of());
        ROUTES.put(
                route,
                new WriteRoute(
                        route.substring(0, route.indexOf(' ')),
                        path,
                        successPath,
                        valid,
                        fields,
                        List.copyOf(required)));
    }

    private static JsonObject site() {
        return new JsonObject()
                .put("name", "Store 1")
                .put("kind", "store")
                .put("region", "320311")
                .put("address", "1 Road");
    }

    private static JsonObject asset() {
        return new JsonObject()
                .put("name", "Case 1")
                .put("kind", "display_case")
                .put("site", "s1")
                .put("profile", "frozen");
    }

    private static JsonObject product() {
        return new JsonObject().put("name", "Yoghurt").put("profile", "dairy-chilled");
    }

    private static JsonObject batch() {
        return new JsonObject()
                .put("sku", "p1")
                .put("produced_at", "2026-01-01T00:00:00Z")
                .put("expires_at", "2026-03-01T00:00:00Z")
                .put("quantity", 100);
    }

    private static JsonObject validRule() {
        return new JsonObject()
                .put("kind", "above")
                .put("threshold_c", 6.0)
                .put("delay_min", 30)
                .put("severity", "warning");
    }

    private static String freshLot() {
        String lot = "L-" + fresh.incrementAndGet();
        try {
            ok("PUT", T + "/batches/" + lot, batch());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return lot;
    }

    private static String tokenOf(WriteRoute w) {
        return TOKENS.getOrDefault(w.method() + " " + w.path(), admin);
    }

    private static void ok(String method, String path, JsonObject body) throws Exception {
        HttpResponse<String> r = api.send(method, path, TOKENS.getOrDefault(method + " " + path, admin), body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
    }

    // ---- the tests ----------------------------------------------------------------------------------

    @Test
    void everyWriteRouteIsFuzzed() {
        Map<String, Map<String, Object>> documented;
        try {
            documented = TestApi.operations();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        // Writes without a body (logout, disabling a user) have nothing to fuzz.
        List<String> writes = api.routes().stream()
                .filter(r -> !r.startsWith("GET ") && !BODYLESS.contains(r))
                .filter(r -> documented.get(r) != null && documented.get(r).containsKey("requestBody"))
                .toList();
        assertThat(ROUTES.keySet()).containsExactlyInAnyOrderElementsOf(writes);
        // And the valid bodies are valid: otherwise every 400 below would prove nothing.
        for (WriteRoute w : ROUTES.values()) {
            if (!w.path().endsWith("/deliver")) {
                try {
                    ok(w.method(), w.successPath().get(), w.valid().get());
                } catch (Exception e) {
                    throw new AssertionError(w.path(), e);
                }
            }
        }
    }

    @Test
    void aFixedCorpusOfBadBodiesIs400Everywhere() throws Exception {
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (WriteRoute w : ROUTES.values()) {
            String valid = w.valid().get().encode();
            List<byte[]> corpus = new ArrayList<>();
            for (String s : List.of(
                    "",
                    " ",
                    "null",
                    "true",
                    "0",
                    "-1",
                    "\"text\"",
                    "[]",
                    "[{}]",
                    "{}",
                    "{",
                    "}",
                    "{\"a\":}",
                    "{'name':'x'}",
                    "NaN",
                    "Infinity",
                    "-Infinity",
                    "{\"name\":NaN}",
                    "{\"quantity\":Infinity}",
                    "<xml/>",
                    "name=x&kind=y",
                    "\u0000",
                    "{}\u0000",
                    "{\"\u0000\":1}",
                    "\"\\ud800\"",
                    "[" + valid + "]",
                    valid + "x",
                    valid + valid,
                    valid.substring(0, valid.length() - 1),
                    "{\"__proto__\":{\"admin\":true}}",
                    "{\"$where\":\"1==1\"}",
                    "'; DROP TABLE sites; --",
                    "[".repeat(5000) + "]".repeat(5000),
                    "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
                    "[".repeat(30000),
                    "{\"name\":" + "[".repeat(2000) + "]".repeat(2000) + "}")) {
                corpus.add(s.getBytes(StandardCharsets.UTF_8));
            }
            corpus.add(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
            corpus.add(new byte[] {(byte) 0xc3, (byte) 0x28});
            for (byte[] body : corpus) {
                if (w.required().isEmpty()
                        && (body.length == 0 || new String(body, StandardCharsets.UTF_8).equals("{}"))) {
                    continue; // a body whose fields are all optional (a rotation's grace_s): nothing and {} are valid
                }
                sent++;
                check(w, body, "corpus " + abbreviate(new String(body, StandardCharsets.UTF_8)), failures);
            }
        }
        System.out.println("Fuzz corpus: " + sent + " bodies, " + failures.size() + " wrong");
        assertThat(failures).isEmpty();
    }

    /** Forms, multipart, plain text and a compressed body are not JSON objects: 400, not 500 (nor 415). */
    @Test
    void bodiesThatAreNotJsonByTheirTypeAre400() throws Exception {
        List<String> failures = new ArrayList<>();
        String boundary = "b0undary";
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("application/x-www-form-urlencoded", "name=x&kind=store&region=320311&address=y");
        bodies.put(
                "multipart/form-data; boundary=" + boundary,
                "--" + boundary + "\r\nContent-Disposition: form-data; "
                        + "name=\"name\"\r\n\r\nx\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"; "
                        + "filename=\"a.json\"\r\nContent-Type: application/json\r\n\r\n{}\r\n--" + boundary
                        + "--\r\n");
        bodies.put("text/plain", "name: x");
        bodies.put("application/xml", "<site><name>x</name></site>");
        for (WriteRoute w : ROUTES.values()) {
            for (Map.Entry<String, String> b : bodies.entrySet()) {
                HttpResponse<String> r = api.send(
                        w.method(), w.path(), tokenOf(w), b.getValue().getBytes(StandardCharsets.UTF_8), b.getKey());
                if (r.statusCode() != 400 || new JsonObject(r.body()).getString("detail") == null) {
                    failures.add(
                            w.method() + " " + w.path() + " as " + b.getKey() + ": " + r.statusCode() + " " + r.body());
                }
            }
            java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
            try (var out = new java.util.zip.GZIPOutputStream(gz)) {
                out.write(w.valid().get().encode().getBytes(StandardCharsets.UTF_8));
            }
            HttpResponse<String> r = api.send(w.method(), w.path(), tokenOf(w), gz.toByteArray());
            if (r.statusCode() != 400) {
                failures.add(w.method() + " " + w.path() + " gzip-compressed: " + r.statusCode() + " " + r.body());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void seededRandomBodiesAre400Everywhere() throws Exception {
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        named400 = 0;
        for (WriteRoute w : ROUTES.values()) {
            JsonObject valid = w.valid().get();
            List<String> names = new ArrayList<>(w.fields().keySet());
            for (int i = 0; i < RANDOM_BODIES_PER_ROUTE; i++) {
                Map<String, String> raw = new LinkedHashMap<>();
                valid.forEach(e -> raw.put(
                        e.getKey(),
                        JsonObject.of("v", e.getValue())
                                .encode()
                                .replaceFirst("^\\{\"v\":", "")
                                .replaceFirst("}$", "")));
                StringBuilder what = new StringBuilder();
                String named = null; // with a single mutation: what the 400's detail must name
                int mutations = 1 + random.nextInt(3);
                for (int m = 0; m < mutations; m++) {
                    int choice = random.nextInt(10);
                    if (choice == 0) {
                        String extra = randomKey(random, w.fields().keySet());
                        raw.put(extra, badValue(random, FieldKind.ID));
                        what.append(" extra ").append(quote(extra));
                        named = "unknown field";
                    } else if (choice == 1 && requiredOf(w).size() > 0) {
                        String missing =
                                requiredOf(w).get(random.nextInt(requiredOf(w).size()));
                        raw.remove(missing);
                        what.append(" missing ").append(missing);
                        named = missing;
                    } else {
                        String field = names.get(random.nextInt(names.size()));
                        String value = badValue(random, w.fields().get(field));
                        raw.put(field, value);
                        what.append(" ").append(field).append("=").append(abbreviate(value));
                        named = field;
                    }
                }
                StringBuilder body = new StringBuilder("{");
                raw.forEach((k, v) -> body.append(body.length() == 1 ? "" : ",")
                        .append(quote(k))
                        .append(':')
                        .append(v));
                body.append('}');
                sent++;
                HttpResponse<String> r =
                        check(w, body.toString().getBytes(StandardCharsets.UTF_8), "random" + what, failures);
                if (mutations == 1 && r != null && r.statusCode() == 400 && isJson(body.toString())) {
                    // The body is JSON, so the parser got to the fields: its 400 must name the one that is wrong.
                    String detail = new JsonObject(r.body()).getString("detail");
                    if (detail == null || !detail.contains(named)) {
                        failures.add(w.method() + " " + w.path() + " random" + what + ": 400 does not name " + named
                                + ": " + detail);
                    } else {
                        named400++;
                    }
                }
            }
        }
        System.out.println("Fuzz random (seed " + SEED + "): " + sent + " bodies, " + named400
                + " single-field 400s naming their field, " + failures.size() + " wrong");
        assertThat(failures).isEmpty();
        assertThat(named400).isGreaterThan(RANDOM_BODIES_PER_ROUTE);
    }

    /**
     * "Requests are validated against the OpenAPI document": the parsers are the validators, and this
     * holds them to the document. For every documented request body: its properties are exactly the
     * fields the parser allows (an unknown field's 400 lists them), each required property is
     * required by the parser (400 naming it when left out), and each optional one may be left out.
     */
    @Test
    @SuppressWarnings("unchecked")
    void documentedRequestBodiesMatchTheParsers() throws Exception {
        for (Map.Entry<String, WriteRoute> e : ROUTES.entrySet()) {
            WriteRoute w = e.getValue();
            Map<String, Object> schema = documentedBody(e.getKey());
            Set<String> documented = new TreeSet<>(((Map<String, Object>) schema.get("properties")).keySet());
            Set<String> required = new TreeSet<>((List<String>) schema.getOrDefault("required", List.of()));

            assertThat(documented)
                    .as(e.getKey() + ": documented fields = fuzzed fields")
                    .isEqualTo(new TreeSet<>(w.fields().keySet()));
            HttpResponse<String> unknown =
                    api.send(w.method(), w.path(), tokenOf(w), w.valid().get().put("zz_unknown", 1));
            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
            Matcher allowed =
                    Pattern.compile("allowed: \\[([^]]*)]").matcher(new JsonObject(unknown.body()).getString("detail"));
            assertThat(allowed.find()).as(unknown.body()).isTrue();
            assertThat(new TreeSet<>(List.of(allowed.group(1).split(", "))))
                    .as(e.getKey() + ": parser's allowed fields")
                    .isEqualTo(documented);

            Map<String, String> sometimes = REQUIRED_SOMETIMES.getOrDefault(e.getKey(), Map.of());
            for (String field : documented) {
                JsonObject without = w.valid().get();
                without.remove(field);
                boolean mustHave = required.contains(field) || sometimes.containsKey(field);
                HttpResponse<String> r = api.send(
                        w.method(), mustHave ? w.path() : w.successPath().get(), tokenOf(w), without);
                if (sometimes.containsKey(field)) {
                    assertThat(r.statusCode())
                            .as(e.getKey() + " without " + field + " (" + sometimes.get(field) + "): " + r.body())
                            .isEqualTo(400);
                    assertThat(new JsonObject(r.body()).getString("detail"))
                            .as(e.getKey())
                            .contains(field);
                    String description = String.valueOf(
                            ((Map<String, Object>) ((Map<String, Object>) schema.get("properties")).get(field))
                                    .get("description"));
                    assertThat(description)
                            .as(e.getKey() + ": the document says when " + field + " is required")
                            .contains("required");
                } else if (required.contains(field)) {
                    assertThat(r.statusCode())
                            .as(e.getKey() + " without required " + field + ": " + r.body())
                            .isEqualTo(400);
                    assertThat(new JsonObject(r.body()).getString("detail"))
                            .as(e.getKey())
                            .contains(field);
                } else {
                    assertThat(r.statusCode())
                            .as(e.getKey() + " without optional " + field + ": " + r.body())
                            .isBetween(200, 201);
                }
            }
        }
    }

    // ---- checking and generating ------------------------------------------------------------------

    private static int named400;

    private static boolean isJson(String s) {
        try {
            io.vertx.core.json.Json.decodeValue(s);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static HttpResponse<String> check(WriteRoute w, byte[] body, String what, List<String> failures)
            throws Exception {
        HttpResponse<String> r = api.send(w.method(), w.path(), tokenOf(w), body);
        String where = w.method() + " " + w.path() + " " + what;
        if (r.statusCode() != 400) {
            failures.add(where + ": " + r.statusCode() + " " + abbreviate(r.body()));
            return r;
        }
        if (!r.headers().firstValue("content-type").orElse("").startsWith("application/json")) {
            failures.add(where + ": 400 without a JSON body");
            return r;
        }
        JsonObject error = new JsonObject(r.body());
        if (error.fieldNames().size() != 2
                || error.getString("error") == null
                || error.getString("detail") == null
                || error.getString("detail").isBlank()) {
            failures.add(where + ": 400 body is not {error, detail}: " + abbreviate(r.body()));
        }
        return r;
    }

    /** The fields the document requires in the route's body (the parsers agree: documentedRequestBodiesMatchTheParsers). */
    private static List<String> requiredOf(WriteRoute w) {
        return w.required();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> documentedBody(String route) throws Exception {
        Map<String, Object> op = TestApi.operations().get(route);
        assertThat(op).as(route + " is documented").isNotNull();
        Map<String, Object> content =
                (Map<String, Object>) ((Map<String, Object>) op.get("requestBody")).get("content");
        String ref =
                (String) ((Map<String, Object>) ((Map<String, Object>) content.get("application/json")).get("schema"))
                        .get("$ref");
        Map<String, Object> schemas =
                (Map<String, Object>) ((Map<String, Object>) TestApi.openApi().get("components")).get("schemas");
        return (Map<String, Object>) schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** Raw JSON values no field of any kind accepts: wrong types, deep nesting, bad literals. */
    private static final List<String> WRONG_FOR_ALL = List.of(
            "true",
            "false",
            "{}",
            "{\"$gt\":\"\"}",
            "[".repeat(200) + "]".repeat(200),
            "{\"a\":".repeat(200) + "1" + "}".repeat(200),
            "NaN",
            "Infinity",
            "-Infinity",
            "1e99999",
            "-1e99999",
            "[null]",
            "[\"x\",1,true]",
            "{\"__proto__\":null}");

    /** Strings that are no identifier, enum value, region, time or date (each breaks every such pattern). */
    private static final List<String> NOT_AN_ID = List.of(
            "",
            " ",
            "a b",
            "x".repeat(65),
            "'; DROP TABLE sites; --",
            "1' OR '1'='1",
            "店铺-1",
            "\u202Eevil",
            "\uD83D\uDE00",
            "\uD800",
            "\uDC00x",
            "a\u0000b",
            "../../etc/passwd",
            "%00",
            "Robert'); --",
            "\u0660\u0661",
            "３２０３００",
            "x\n");

    /** A raw JSON value that the field's check must refuse. */
    private static String badValue(Random random, FieldKind kind) {
        if (kind == FieldKind.BOOLEAN) {
            // Not WRONG_FOR_ALL: true and false are right here (and null means the default).
            return List.of("0", "1", "\"true\"", "\"false\"", "\"\"", "[]", "{}", "[true]", "\"yes\"")
                    .get(random.nextInt(9));
        }
        if (random.nextInt(4) == 0) {
            return WRONG_FOR_ALL.get(random.nextInt(WRONG_FOR_ALL.size()));
        }
        return switch (kind) {
            case LOGIN_TEXT ->
                random.nextInt(3) == 0
                        ? numberOrArray(random)
                        : quote(List.of(
                                        "",
                                        "x".repeat(201 + random.nextInt(100)),
                                        "a\u0000b",
                                        "name\u0007",
                                        "\uD800x",
                                        "x\n")
                                .get(random.nextInt(6)));
            case PASSWORD ->
                random.nextInt(3) == 0
                        ? numberOrArray(random)
                        : quote(List.of(
                                        "",
                                        "short",
                                        "x".repeat(9),
                                        "aaaaaaaaaaaa",
                                        "abababababab",
                                        "x".repeat(201),
                                        "pass\u0000word-long",
                                        "\uDC00password-long")
                                .get(random.nextInt(8)));
            case ID,
                    SITE_KIND,
                    ASSET_KIND,
                    CHANNEL,
                    SEVERITY,
                    DATE,
                    TIME,
                    ROLE,
                    CREDENTIAL_KIND,
                    TIMEZONE,
                    PERIOD,
                    FORMAT,
                    LANG,
                    RECALL_STATUS ->
                random.nextInt(3) == 0
                        ? numberOrArray(random)
                        : quote(
                                random.nextBoolean()
                                        ? NOT_AN_ID.get(random.nextInt(NOT_AN_ID.size()))
                                        : randomNonId(random, kind));
            case REGION ->
                quote(
                        random.nextBoolean()
                                ? NOT_AN_ID.get(random.nextInt(NOT_AN_ID.size()))
                                : List.of("1", "1234567890123", "32 03", "3203a0", "-32", "+32", "32.0", "0x20")
                                        .get(random.nextInt(8)));
            case TEXT_200, TEXT_500, TEXT_2000, TEXT_4000 ->
                badText(
                        random,
                        switch (kind) {
                            case TEXT_200 -> 200;
                            case TEXT_500 -> 500;
                            case TEXT_2000 -> 2000;
                            default -> 4000;
                        });
            case LEVEL -> badInteger(random, 0, 100);
            case GRACE_S -> badInteger(random, 0, 604_800);
            case DISPOSITIONS -> badDispositions(random);
            case URL ->
                random.nextInt(3) == 0
                        ? quote(NOT_AN_ID.get(random.nextInt(NOT_AN_ID.size())))
                        : quote(List.of(
                                        "ftp://hooks.example.com/x",
                                        "hooks.example.com/x",
                                        "/x",
                                        "http://user:pw@example.com/x",
                                        "https://example.com/x#frag",
                                        "http://",
                                        "https:// bad host/",
                                        "mailto:ops@example.com",
                                        "javascript:alert(1)",
                                        "http://" + "x".repeat(2000) + ".com/")
                                .get(random.nextInt(10)));
            // A webhook target has no address: any value is wrong, a well-formed address too.
            case ADDRESS ->
                random.nextBoolean()
                        ? quote("ops@example.com")
                        : quote(NOT_AN_ID.get(random.nextInt(NOT_AN_ID.size())));
            // 16 to 256 characters of anything: only the length and the type can be wrong.
            case SECRET ->
                random.nextInt(3) == 0
                        ? numberOrArray(random)
                        : quote(List.of(
                                        "",
                                        "short",
                                        "x".repeat(15),
                                        "店".repeat(15),
                                        "x".repeat(257 + random.nextInt(1000)))
                                .get(random.nextInt(5)));
            case INTERVAL_S -> badInteger(random, 1, 86_400);
            case QUANTITY -> badInteger(random, 1, Integer.MAX_VALUE);
            case TEMP ->
                List.of("81", "-80.0001", "1e308", "-1e308", "\"4\"", "\"\"", "[4]", "1e400")
                        .get(random.nextInt(8));
            case RULES -> badRules(random);
            case LOTS, TARGETS -> badLots(random);
            case BOOLEAN -> throw new IllegalStateException("answered above");
        };
    }

    private static String numberOrArray(Random random) {
        return List.of("0", "-1", "3.5", "1e400", "[]", "[\"a\"]", "12345678901234567890")
                .get(random.nextInt(7));
    }

    /** Random characters, at least one outside what identifiers, enums, times and dates allow. */
    private static String randomNonId(Random random, FieldKind kind) {
        String alphabet = "abcXYZ019_.:-";
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(80);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        s.insert(s.length() == 0 ? 0 : random.nextInt(s.length()), forbiddenChars(random));
        return s.toString();
    }

    /** One or more characters that no identifier, kind, time or date contains. */
    private static String forbiddenChars(Random random) {
        String[] bad = {
            " ",
            "'",
            "\"",
            ";",
            "\\",
            "/",
            "\u0000",
            "\u0007",
            "\u202E",
            "\u200F",
            "\u05D0",
            "\u0627",
            "店",
            "\uD83D\uDE00",
            "\uD800",
            "\uDFFF",
            "\uFEFF",
            "%",
            "*",
            "\n",
            "\t",
            "é",
            "\u0301"
        };
        return bad[random.nextInt(bad.length)];
    }

    /** Text that breaks the free-text rule: blank, too long (in code points), control characters, unpaired surrogates. */
    private static String badText(Random random, int max) {
        String unit =
                List.of("x", "\u05D0", "\u0627", "店", "\uD83D\uDE00", "\u202E").get(random.nextInt(6));
        return switch (random.nextInt(7)) {
            case 0 -> quote(List.of("", " ", "\t\n", "\u3000").get(random.nextInt(4)));
            case 1 -> quote(unit.repeat(max + 1 + random.nextInt(50)));
            case 2 -> quote("a" + "\u0000" + "b");
            case 3 -> quote("name\u0007bell" + unit);
            case 4 -> quote(unit + "\uD800" + unit);
            case 5 -> quote("x".repeat(5_000 + random.nextInt(15_000))); // three of them stay under the 64 KiB limit
            default -> numberOrArray(random);
        };
    }

    private static String badInteger(Random random, long min, long max) {
        return List.of(
                        Long.toString(min - 1 - random.nextInt(1000)),
                        Long.toString(max + 1 + random.nextInt(1000)),
                        "1.5",
                        "\"60\"",
                        "1e400",
                        "9223372036854775808",
                        "-9223372036854775809",
                        "1180591620717411303424",
                        "60.0e0",
                        "-0.5")
                .get(random.nextInt(10));
    }

    private static String badRules(Random random) {
        JsonObject rule = validRule();
        return switch (random.nextInt(9)) {
            case 0 -> "\"above\"";
            case 1 -> "[1]";
            case 2 -> "[{}]";
            case 3 -> "[" + rule.copy().put("kind", "sideways").encode() + "]";
            case 4 -> "[" + rule.copy().put("budget_min", 10).encode() + "]";
            case 5 -> "[" + rule.copy().put("threshold_c", 500).encode() + "]";
            case 6 ->
                "[" + rule.copy().put("severity", "'; DROP TABLE profiles; --").encode() + "]";
            case 7 -> "[" + (rule.encode() + ",").repeat(21) + rule.encode() + "]";
            default -> "[" + rule.encode().replace("30", "NaN") + "]";
        };
    }

    /** Dispositions the parser refuses, or the store (which holds them to the alert's batches). */
    private static String badDispositions(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> "\"release\"";
            case 1 -> "[]";
            case 2 -> "{}"; // the alert's batch has none
            case 3 -> new JsonObject().put(ALERT_LOT, "thaw").encode();
            case 4 -> new JsonObject().put(ALERT_LOT, 1).encode();
            case 5 ->
                new JsonObject()
                        .put(ALERT_LOT, "release")
                        .put("L-other", "hold")
                        .encode(); // not the alert's
            case 6 -> "{" + quote(NOT_AN_ID.get(random.nextInt(NOT_AN_ID.size()))) + ":\"release\"}";
            case 7 ->
                new JsonObject().put(ALERT_LOT, "'; DROP TABLE alerts; --").encode();
            default -> "{" + quote(ALERT_LOT) + ":null}";
        };
    }

    private static String badLots(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "[]";
            case 1 -> "\"L-1\"";
            case 2 -> "[1]";
            case 3 -> "[\"\"]";
            case 4 -> "[\"L-1\",\"L-1\"]";
            case 5 -> "[" + "\"x\",".repeat(500) + "\"y\"]";
            case 6 -> "[" + quote(NOT_AN_ID.get(random.nextInt(NOT_AN_ID.size()))) + "]";
            default -> "[[\"L-1\"]]";
        };
    }

    private static String randomKey(Random random, Set<String> known) {
        String key;
        do {
            key = List.of(
                            "extra",
                            "NAME",
                            "Kind",
                            "名前",
                            "__proto__",
                            "constructor",
                            "a\u0000b",
                            "",
                            " name",
                            "\uD800",
                            "tenant",
                            "created_at",
                            "id",
                            "site_id")
                    .get(random.nextInt(14));
        } while (known.contains(key));
        return key;
    }

    /** A JSON string literal; everything outside printable ASCII escaped, so unpaired surrogates survive as escapes. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...(" + s.length() + " chars)";
    }
}
