package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.NewAlert;
import io.coldchain.core.config.AuthOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Logins for the web app and for tools: a session cookie that acts as its user (the same principal a
 * token gives) and whose writes need the CSRF token, bearer tokens from a login, logout, idle and
 * absolute timeouts, disabled users, and the users endpoints. Real HTTP, real PostgreSQL.
 */
class LoginSessionTest {
    private static final String T = "/api/v1/tenants/acme";
    private static final String PASSWORD = "correct-horse-battery";
    private static TestApi api;
    private static String admin;

    /** A login's secret and CSRF token. */
    record Login(String cookie, String csrf, JsonObject body) {}

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("login");
        admin = api.token("acme", "admin", null);
        api.require(
                201,
                "PUT",
                T + "/sites/s1",
                admin,
                new JsonObject()
                        .put("name", "Store")
                        .put("kind", "store")
                        .put("region", "320311")
                        .put("address", "1 Road"));
        api.require(
                201,
                "PUT",
                T + "/assets/case-1",
                admin,
                new JsonObject()
                        .put("name", "Case")
                        .put("kind", "display_case")
                        .put("site", "s1")
                        .put("profile", "dairy-chilled"));
        api.require(
                201,
                "PUT",
                T + "/products/p1",
                admin,
                new JsonObject().put("name", "Yoghurt").put("profile", "dairy-chilled"));
        api.require(
                201,
                "PUT",
                T + "/batches/L1",
                admin,
                new JsonObject()
                        .put("sku", "p1")
                        .put("produced_at", "2026-01-01T00:00:00Z")
                        .put("expires_at", "2026-03-01T00:00:00Z"));
        for (String user : List.of("ana", "tool", "short", "gone", "timeout")) {
            JsonObject created = api.require(
                    201,
                    "POST",
                    T + "/users",
                    admin,
                    new JsonObject()
                            .put("username", user)
                            .put("password", PASSWORD)
                            .put("role", "qa")
                            .put("display_name", "QA " + user));
            assertThat(created.encode()).doesNotContain(PASSWORD).doesNotContain("argon2");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aBrowserSessionActsAsItsUserAndItsWritesNeedTheCsrfToken() throws Exception {
        HttpResponse<String> r = loginResponse(api.base, "ana", PASSWORD, false);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String setCookie = r.headers().firstValue("set-cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith("coldchain_session=ccs_")
                .containsIgnoringCase("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/")
                .doesNotContain("Secure"); // plain HTTP here: Secure would never come back
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("role")).isEqualTo("qa");
        assertThat(body.getString("tenant")).isEqualTo("acme");
        assertThat(body.getString("token")).isNull();
        Login ana = new Login(cookieValue(setCookie), body.getString("csrf_token"), body);

        JsonObject me = new JsonObject(
                cookie(api.base, "GET", "/api/v1/me", ana, null, false).body());
        assertThat(me.getString("username")).isEqualTo("ana");
        assertThat(me.getString("csrf_token")).isEqualTo(ana.csrf());
        // Every existing endpoint serves the cookie unchanged: the same principal a qa token gives.
        assertThat(cookie(api.base, "GET", T + "/alerts", ana, null, false).statusCode())
                .isEqualTo(200);
        assertThat(cookie(api.base, "GET", T + "/audit", ana, null, false).statusCode())
                .isEqualTo(403);

        long alert = openAlert();
        JsonObject note = new JsonObject().put("note", "checked the case");
        HttpResponse<String> noCsrf = cookie(api.base, "POST", T + "/alerts/" + alert + "/ack", ana, note, false);
        TestApi.assertError(noCsrf, 403, "csrf");
        HttpResponse<String> wrongCsrf = cookie(
                api.base,
                "POST",
                T + "/alerts/" + alert + "/ack",
                new Login(ana.cookie(), "x" + ana.csrf(), null),
                note,
                true);
        TestApi.assertError(wrongCsrf, 403, "csrf");
        assertThat(api.require(200, "GET", T + "/alerts/" + alert, admin, null).getString("status"))
                .isEqualTo("open");

        HttpResponse<String> acked = cookie(api.base, "POST", T + "/alerts/" + alert + "/ack", ana, note, true);
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
        assertThat(new JsonObject(acked.body()).getJsonObject("acknowledged").getString("by"))
                .isEqualTo("ana");

        TestApi.assertError(cookie(api.base, "POST", "/api/v1/logout", ana, null, false), 403, "csrf");
        HttpResponse<String> out = cookie(api.base, "POST", "/api/v1/logout", ana, null, true);
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("set-cookie").orElseThrow()).contains("Max-Age=0");
        TestApi.assertError(cookie(api.base, "GET", "/api/v1/me", ana, null, false), 401, "unauthorized");
    }

    @Test
    void aToolGetsABearerTokenThatNeedsNoCsrfAndEndsAtLogout() throws Exception {
        HttpResponse<String> r = loginResponse(api.base, "tool", PASSWORD, true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("set-cookie")).isEmpty();
        String token = new JsonObject(r.body()).getString("token");
        assertThat(token).startsWith("ccs_");
        long alert = openAlert();
        assertThat(api.require(
                                200,
                                "POST",
                                T + "/alerts/" + alert + "/ack",
                                token,
                                new JsonObject().put("note", "by tool"))
                        .getJsonObject("acknowledged")
                        .getString("by"))
                .isEqualTo("tool");
        // A bearer secret is not a cookie, nor the other way round.
        TestApi.assertError(
                cookie(api.base, "GET", "/api/v1/me", new Login(token, "", null), null, false), 401, "unauthorized");
        Login browser = login(api.base, "tool");
        TestApi.assertError(api.get("/api/v1/me", browser.cookie()), 401, "unauthorized");

        assertThat(api.send("POST", "/api/v1/logout", token, (byte[]) null).statusCode())
                .isEqualTo(204);
        TestApi.assertError(api.get(T + "/alerts", token), 401, "unauthorized");
        // The browser session of the same user lives on: logout ends one session.
        assertThat(cookie(api.base, "GET", "/api/v1/me", browser, null, false).statusCode())
                .isEqualTo(200);
    }

    @Test
    void sessionsEndAfterTheIdleAndTheAbsoluteTimeout() throws Exception {
        // The default 30 min idle, 12 h absolute: the session's times moved back in the database.
        Login idle = login(api.base, "timeout");
        assertThat(cookie(api.base, "GET", "/api/v1/me", idle, null, false).statusCode())
                .isEqualTo(200);
        age("last_seen_at", Duration.ofMinutes(31), idle);
        TestApi.assertError(cookie(api.base, "GET", "/api/v1/me", idle, null, false), 401, "unauthorized");
        assertThat(api.count(
                        "SELECT count(*) FROM sessions WHERE token_hash = ? AND ended_at IS NOT NULL",
                        SessionTokens.hash(idle.cookie())))
                .isEqualTo(1);

        Login old = login(api.base, "timeout");
        age("created_at", Duration.ofHours(12).plusSeconds(1), old);
        TestApi.assertError(cookie(api.base, "GET", "/api/v1/me", old, null, false), 401, "unauthorized");

        // A server with short timeouts (auth.session.idle 2s, auth.session.absolute 4s), in real time.
        String quick = api.serve(new AuthOptions(
                Optional.empty(),
                Duration.ofHours(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(4),
                Duration.ofSeconds(10)));
        Login unused = login(quick, "timeout");
        assertThat(cookie(quick, "GET", "/api/v1/me", unused, null, false).statusCode())
                .isEqualTo(200);
        Login busy = login(quick, "timeout");
        long loggedIn = System.nanoTime();
        // Used every 300 ms, so never idle for 2 s: only the absolute timeout can end it.
        Awaitility.await()
                .atMost(15, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(300))
                .until(() ->
                        cookie(quick, "GET", "/api/v1/me", busy, null, false).statusCode() == 401);
        long lived = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loggedIn);
        assertThat(lived).as("ended by the absolute timeout, not before").isGreaterThanOrEqualTo(4000);
        // Meanwhile the unused one was idle far longer than 2 s.
        TestApi.assertError(cookie(quick, "GET", "/api/v1/me", unused, null, false), 401, "unauthorized");
    }

    @Test
    void aDisabledUserCannotLogInAndItsSessionsEnd() throws Exception {
        Login gone = login(api.base, "gone");
        JsonObject disabled = api.require(200, "DELETE", T + "/users/gone", admin, null);
        assertThat(disabled.getString("disabled_at")).isNotNull();
        TestApi.assertError(cookie(api.base, "GET", "/api/v1/me", gone, null, false), 401, "unauthorized");
        HttpResponse<String> again = loginResponse(api.base, "gone", PASSWORD, false);
        TestApi.assertError(again, 401, "invalid_login");
        JsonArray audit = api.require(200, "GET", T + "/audit", admin, null).getJsonArray("entries");
        assertThat(audit.stream()
                        .map(o -> (JsonObject) o)
                        .filter(e -> "disable_user".equals(e.getString("action"))
                                && "gone".equals(e.getString("entity_id"))))
                .hasSize(1);
        assertThat(audit.encode()).doesNotContain(PASSWORD).doesNotContain("argon2");
    }

    @Test
    void usersAreCheckedAndUnique() throws Exception {
        api.require(
                409,
                "POST",
                T + "/users",
                admin,
                new JsonObject()
                        .put("username", "ana")
                        .put("password", PASSWORD)
                        .put("role", "admin"));
        // Usernames are unique across tenants: one login form serves everyone.
        api.require(
                409,
                "POST",
                "/api/v1/tenants/globex/users",
                api.token("globex", "admin", null),
                new JsonObject()
                        .put("username", "ana")
                        .put("password", PASSWORD)
                        .put("role", "qa"));
        TestApi.assertBadBody(
                api.post(
                        T + "/users",
                        new JsonObject()
                                .put("username", "weak")
                                .put("password", "short1")
                                .put("role", "qa"),
                        admin),
                "password");
        TestApi.assertBadBody(
                api.post(
                        T + "/users",
                        new JsonObject()
                                .put("username", "reg")
                                .put("password", PASSWORD)
                                .put("role", "regulator"),
                        admin),
                "role");
        assertThat(api.require(200, "GET", T + "/users", admin, null).getJsonArray("users").stream()
                        .map(o -> ((JsonObject) o).getString("username"))
                        .toList())
                .contains("ana", "tool", "gone");
        String qaToken = api.token("acme", "qa", null);
        TestApi.assertError(api.get(T + "/users", qaToken), 403, "forbidden");
        assertThat(api.count("SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$v=19$m=19456,t=2,p=1$%'"))
                .isGreaterThanOrEqualTo(5);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static long openAlert() throws Exception {
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
                                    List.of(new AlertBatch("L1", "p1", "Yoghurt", null, null, null))))
                    .id();
        }
    }

    private static void age(String column, Duration by, Login login) throws Exception {
        try (Connection c = api.pool.getConnection();
                var ps = c.prepareStatement("UPDATE sessions SET " + column + " = " + column
                        + " - ? * interval '1 second' WHERE token_hash = ?")) {
            ps.setLong(1, by.toSeconds());
            ps.setBytes(2, SessionTokens.hash(login.cookie()));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    static HttpResponse<String> loginResponse(String base, String username, String password, boolean token)
            throws Exception {
        JsonObject body = new JsonObject().put("username", username).put("password", password);
        if (token) {
            body.put("token", true);
        }
        return api.sendTo(base + "/api/v1/login", "POST", null, body.encode().getBytes(), "application/json");
    }

    private static Login login(String base, String username) throws Exception {
        HttpResponse<String> r = loginResponse(base, username, PASSWORD, false);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        return new Login(
                cookieValue(r.headers().firstValue("set-cookie").orElseThrow()), body.getString("csrf_token"), body);
    }

    private static String cookieValue(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    /** A request with the session cookie, and the CSRF header when {@code withCsrf}. */
    private static HttpResponse<String> cookie(
            String base, String method, String path, Login login, JsonObject body, boolean withCsrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Cookie", SessionTokens.COOKIE + "=" + login.cookie())
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (withCsrf) {
            b.header(SessionTokens.CSRF_HEADER, login.csrf());
        }
        return api.send(b);
    }
}
