package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.coldchain.alerting.store.AlertRecord;
import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.NewAlert;
import io.coldchain.core.config.AuthOptions;
import io.coldchain.core.model.Reading;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.SensorKeyStore;
import io.coldchain.ingest.store.SensorKeyStore.SensorKey;
import io.coldchain.registry.user.UserAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authorization matrix: every route the router serves × every kind of caller × own tenant and
 * another tenant × an entry inside and one outside the regulator's region, each cell asserting the
 * exact status of the contract (§4: 401 without a valid token, 403 for a role that may not, 404 for
 * what does not exist or lies outside the caller's tenant or region).
 *
 * <p>The route list comes from the router itself (which a test in {@link HttpVerticleTest} holds
 * equal to the OpenAPI document): a new route without a row in {@link #KINDS} fails here.
 *
 * <p>Both tenants hold the same ids, one of each kind inside the region 3203xx and one outside, so
 * a 404 for another tenant proves isolation, not absence. Alerts are the exception: their ids are
 * numbers given out across all tenants, so the other tenant's path with our alert's id names an
 * alert that is not the other tenant's ({@link Kind#ALERT}); that regulators read alerts of the
 * region in any tenant is shown by {@link #regulatorsReadAlertsOfTheirRegionInAnyTenant}.
 */
class AccessMatrixTest {
    private static final String OWN = "acme";
    private static final String OTHER = "globex";
    private static final String IN_REGION = "320311";
    private static final String OUT_OF_REGION = "110101";
    private static final Duration HOUR = Duration.ofHours(1);

    /** The kinds of caller, in the column order of {@link #EXPECTED}. */
    enum Caller {
        ADMIN,
        QA,
        REGULATOR_IN_REGION,
        REGULATOR_OUT_OF_REGION,
        REGULATOR_WITHOUT_REGION,
        NO_TOKEN,
        EXPIRED,
        UNKNOWN_KEY,
        REMOVED_KEY,
        /** The platform administrator, through a login session's bearer token: manages users, reads no tenant. */
        PLATFORM
    }

    /** How a route is guarded. */
    enum Kind {
        /** No token needed: the same for everyone. */
        PUBLIC,
        /** One registry entry or record: admin/qa of the tenant; regulators inside their region. */
        ITEM,
        /** A registry collection: admin/qa of the tenant; regulators any tenant, filtered to the region. */
        LIST,
        /** The audit trail: admin of the tenant; regulators the entries about their region; qa never. */
        AUDIT,
        /**
         * Operational data of the tenant (rejections, unassigned sensors, the alert stream, notification
         * targets and deliveries): admin/qa of the tenant; regulators never.
         */
        OPERATIONAL,
        /** Every write: admin of the tenant; nobody else. */
        WRITE,
        /**
         * One alert: admin/qa of the tenant; regulators when its site or one of its batches lies in their
         * region. The other tenant's path with our alert's id is 404 for everyone (the id is not theirs).
         */
        ALERT,
        /** Acknowledging or resolving an alert: admin and qa of the tenant act; regulators 403. */
        ALERT_ACTION,
        /** Logging in: no token needed, whatever the caller sends along. */
        LOGIN,
        /** The caller itself (who am I, logout): any valid caller. */
        SELF,
        /** The sites a caller may read across tenants: admin, qa and regulators; the platform administrator 403. */
        SITES,
        /** A tenant's users: its admin and the platform administrator; another tenant's admin 404; qa and regulators 403. */
        USERS,
        /** Regulator accounts: the platform administrator only; every tenant role 403. */
        PLATFORM_ONLY,
        /** MQTT credentials, read: admin of the tenant only; qa and regulators 403 (a role matter). */
        CREDENTIALS,
        /** Recalls and public trace codes, written: admin and qa of the tenant; regulators 403. */
        RECALL_WRITE,
        /** The public trace by code: no token; a code that opens nothing is 404 for everyone. */
        PUBLIC_CODE
    }

    /** Every route, and how it is guarded. A route the router serves that is not here fails the matrix. */
    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("GET /health", Kind.PUBLIC);
        KINDS.put("GET /metrics", Kind.PUBLIC);
        KINDS.put("GET /api/v1/openapi.yaml", Kind.PUBLIC);
        KINDS.put("GET /api/v1/tenants/{tenant}/sensors/{sensor}/readings", Kind.ITEM);
        KINDS.put("GET /api/v1/tenants/{tenant}/sensors/unassigned", Kind.OPERATIONAL);
        KINDS.put("GET /api/v1/tenants/{tenant}/rejections", Kind.OPERATIONAL);
        for (String[] e : new String[][] {
            {"sites", "site"},
            {"assets", "asset"},
            {"sensors", "sensor"},
            {"profiles", "profile"},
            {"products", "sku"},
            {"batches", "lot"}
        }) {
            KINDS.put("GET /api/v1/tenants/{tenant}/" + e[0], Kind.LIST);
            KINDS.put("GET /api/v1/tenants/{tenant}/" + e[0] + "/{" + e[1] + "}", Kind.ITEM);
            KINDS.put("PUT /api/v1/tenants/{tenant}/" + e[0] + "/{" + e[1] + "}", Kind.WRITE);
        }
        KINDS.put("GET /api/v1/tenants/{tenant}/audit", Kind.AUDIT);
        KINDS.put("GET /api/v1/tenants/{tenant}/shipments", Kind.LIST);
        KINDS.put("POST /api/v1/tenants/{tenant}/shipments", Kind.WRITE);
        KINDS.put("GET /api/v1/tenants/{tenant}/shipments/{shipment}", Kind.ITEM);
        KINDS.put("POST /api/v1/tenants/{tenant}/shipments/{shipment}/deliver", Kind.WRITE);
        KINDS.put("GET /api/v1/tenants/{tenant}/placements", Kind.LIST);
        KINDS.put("POST /api/v1/tenants/{tenant}/placements", Kind.WRITE);
        KINDS.put("GET /api/v1/tenants/{tenant}/alerts", Kind.LIST);
        KINDS.put("GET /api/v1/tenants/{tenant}/alerts/{id}", Kind.ALERT);
        KINDS.put("POST /api/v1/tenants/{tenant}/alerts/{id}/ack", Kind.ALERT_ACTION);
        KINDS.put("POST /api/v1/tenants/{tenant}/alerts/{id}/resolve", Kind.ALERT_ACTION);
        KINDS.put("GET /api/v1/tenants/{tenant}/alerts/stream", Kind.OPERATIONAL);
        KINDS.put("GET /api/v1/tenants/{tenant}/notification-targets", Kind.OPERATIONAL);
        KINDS.put("GET /api/v1/tenants/{tenant}/notification-targets/{target}", Kind.OPERATIONAL);
        KINDS.put("PUT /api/v1/tenants/{tenant}/notification-targets/{target}", Kind.WRITE);
        KINDS.put("GET /api/v1/tenants/{tenant}/notification-deliveries", Kind.OPERATIONAL);
        // Records: regulators read what lies in their region, of any tenant; calibrations are written by admins.
        KINDS.put("GET /api/v1/tenants/{tenant}/integrity", Kind.LIST);
        KINDS.put("GET /api/v1/tenants/{tenant}/sites/{site}/temperature-log", Kind.ITEM);
        KINDS.put("GET /api/v1/tenants/{tenant}/batches/{lot}/trace", Kind.ITEM);
        KINDS.put("GET /api/v1/tenants/{tenant}/sites/{site}/compliance-report", Kind.ITEM);
        KINDS.put("GET /api/v1/tenants/{tenant}/self-inspection", Kind.OPERATIONAL);
        KINDS.put("GET /api/v1/tenants/{tenant}/report-schedules", Kind.CREDENTIALS);
        KINDS.put("GET /api/v1/tenants/{tenant}/report-schedules/{schedule}", Kind.CREDENTIALS);
        KINDS.put("PUT /api/v1/tenants/{tenant}/report-schedules/{schedule}", Kind.WRITE);
        KINDS.put("DELETE /api/v1/tenants/{tenant}/report-schedules/{schedule}", Kind.WRITE);
        KINDS.put("GET /api/v1/tenants/{tenant}/sensors/{sensor}/calibrations", Kind.ITEM);
        KINDS.put("POST /api/v1/tenants/{tenant}/sensors/{sensor}/calibrations", Kind.WRITE);
        // People: login sessions, users, regulators.
        KINDS.put("POST /api/v1/login", Kind.LOGIN);
        KINDS.put("POST /api/v1/logout", Kind.SELF);
        KINDS.put("GET /api/v1/me", Kind.SELF);
        KINDS.put("GET /api/v1/sites", Kind.SITES);
        KINDS.put("GET /api/v1/regulators", Kind.PLATFORM_ONLY);
        KINDS.put("POST /api/v1/regulators", Kind.PLATFORM_ONLY);
        KINDS.put("GET /api/v1/tenants/{tenant}/users", Kind.USERS);
        KINDS.put("POST /api/v1/tenants/{tenant}/users", Kind.USERS);
        KINDS.put("DELETE /api/v1/tenants/{tenant}/users/{username}", Kind.USERS);
        KINDS.put("GET /api/v1/tenants/{tenant}/reading-conflicts", Kind.OPERATIONAL);
        // MQTT credentials (contract §5): admins of the tenant, for reading as for writing.
        KINDS.put("GET /api/v1/tenants/{tenant}/mqtt-credentials", Kind.CREDENTIALS);
        KINDS.put("POST /api/v1/tenants/{tenant}/mqtt-credentials", Kind.WRITE);
        KINDS.put("DELETE /api/v1/tenants/{tenant}/mqtt-credentials/{name}", Kind.WRITE);
        KINDS.put("POST /api/v1/tenants/{tenant}/mqtt-credentials/{name}/rotate", Kind.WRITE);
        // Recalls and public trace codes (contract §9).
        KINDS.put("GET /api/v1/tenants/{tenant}/recalls", Kind.LIST);
        KINDS.put("POST /api/v1/tenants/{tenant}/recalls", Kind.RECALL_WRITE);
        KINDS.put("GET /api/v1/tenants/{tenant}/recalls/{recall}", Kind.ITEM);
        KINDS.put("POST /api/v1/tenants/{tenant}/recalls/{recall}/locations/{site}", Kind.RECALL_WRITE);
        KINDS.put("POST /api/v1/tenants/{tenant}/recalls/{recall}/close", Kind.RECALL_WRITE);
        KINDS.put("GET /api/v1/tenants/{tenant}/batches/{lot}/public-code", Kind.OPERATIONAL);
        KINDS.put("DELETE /api/v1/tenants/{tenant}/batches/{lot}/public-code", Kind.RECALL_WRITE);
        KINDS.put("GET /api/v1/public/trace/{code}", Kind.PUBLIC_CODE);
        KINDS.put("GET /t/{code}", Kind.PUBLIC);
    }

    /**
     * The contract, per kind of route: rows {@code tenant/target} (own or other tenant; the entry in
     * or out of the region), columns the callers in {@link Caller} order. {@code 2xx} stands for the
     * route's success status ({@link #successStatus}).
     */
    private static final Map<Kind, Map<String, String>> EXPECTED = new EnumMap<>(Kind.class);

    static {
        //                                   ADMIN QA  REG_IN REG_OUT REG_NONE NONE EXPIRED UNKNOWN REMOVED PLATFORM
        EXPECTED.put(
                Kind.PUBLIC, Map.of("own/in", "200  200  200   200     200      200  200     200     200      200"));
        EXPECTED.put(
                Kind.ITEM,
                Map.of(
                        "own/in", "200  200  200   404     404      401  401     401     401      403",
                        "own/out", "200  200  404   404     404      401  401     401     401      403",
                        "other/in", "404  404  200   404     404      401  401     401     401      403",
                        "other/out", "404  404  404   404     404      401  401     401     401      403"));
        EXPECTED.put(
                Kind.LIST,
                Map.of(
                        "own/in", "200  200  200   200     404      401  401     401     401      403",
                        "other/in", "404  404  200   200     404      401  401     401     401      403"));
        EXPECTED.put(
                Kind.AUDIT,
                Map.of(
                        "own/in", "200  403  200   200     404      401  401     401     401      403",
                        "other/in", "404  403  200   200     404      401  401     401     401      403"));
        EXPECTED.put(
                Kind.OPERATIONAL,
                Map.of(
                        "own/in", "200  200  403   403     403      401  401     401     401      403",
                        "other/in", "404  404  403   403     403      401  401     401     401      403"));
        EXPECTED.put(
                Kind.WRITE,
                Map.of(
                        "own/in", "2xx  403  403   403     403      401  401     401     401      403",
                        "own/out", "2xx  403  403   403     403      401  401     401     401      403",
                        "other/in", "404  403  403   403     403      401  401     401     401      403",
                        "other/out", "404  403  403   403     403      401  401     401     401      403"));
        // "in": our alert on a site in the region, "out": ours on a site outside it. Under the other
        // tenant's path the id names no alert of that tenant: 404 for all, regulators included.
        EXPECTED.put(
                Kind.ALERT,
                Map.of(
                        "own/in", "200  200  200   404     404      401  401     401     401      403",
                        "own/out", "200  200  404   404     404      401  401     401     401      403",
                        "other/in", "404  404  404   404     404      401  401     401     401      403",
                        "other/out", "404  404  404   404     404      401  401     401     401      403"));
        // Succeeding cells act on a fresh open alert of their own (a second ack is a 409).
        EXPECTED.put(
                Kind.ALERT_ACTION,
                Map.of(
                        "own/in", "2xx  2xx  403   403     403      401  401     401     401      403",
                        "own/out", "2xx  2xx  403   403     403      401  401     401     401      403",
                        "other/in", "404  404  403   403     403      401  401     401     401      403",
                        "other/out", "404  404  403   403     403      401  401     401     401      403"));
        EXPECTED.put(
                Kind.LOGIN, Map.of("own/in", "200  200  200   200     200      200  200     200     200      200"));
        EXPECTED.put(Kind.SELF, Map.of("own/in", "2xx  2xx  2xx   2xx     2xx      401  401     401     401      2xx"));
        EXPECTED.put(
                Kind.SITES, Map.of("own/in", "200  200  200   200     200      401  401     401     401      403"));
        EXPECTED.put(
                Kind.USERS,
                Map.of(
                        "own/in", "2xx  403  403   403     403      401  401     401     401      2xx",
                        "other/in", "404  403  403   403     403      401  401     401     401      2xx"));
        EXPECTED.put(
                Kind.PLATFORM_ONLY,
                Map.of("own/in", "403  403  403   403     403      401  401     401     401      2xx"));
        EXPECTED.put(
                Kind.RECALL_WRITE,
                Map.of(
                        "own/in", "2xx  2xx  403   403     403      401  401     401     401      403",
                        "other/in", "404  404  403   403     403      401  401     401     401      403"));
        EXPECTED.put(
                Kind.PUBLIC_CODE,
                Map.of("own/in", "404  404  404   404     404      404  404     404     404      404"));
        EXPECTED.put(
                Kind.CREDENTIALS,
                Map.of(
                        "own/in", "200  403  403   403     403      401  401     401     401      403",
                        "other/in", "404  403  403   403     403      401  401     401     401      403"));
    }

    /**
     * Path parameter → the id inside the region and the one outside (the same ids in both tenants;
     * notification targets lie in no region, so theirs are just two targets). {@code id}, the alert
     * id, is added once the fixture's alerts of {@link #OWN} are open.
     */
    private static final Map<String, List<String>> IDS = new LinkedHashMap<>(Map.of(
            "site", List.of("site-in", "site-out"),
            "asset", List.of("room-in", "room-out"),
            "sensor", List.of("sen-in", "sen-out"),
            "profile", List.of("prof-in", "prof-out"),
            "sku", List.of("sku-in", "sku-out"),
            "lot", List.of("lot-in", "lot-out"),
            "shipment", List.of("ship-in", "ship-out"),
            "target", List.of("ops-hook", "qa-hook"),
            "name", List.of("gw-in", "gw-out")));

    static {
        IDS.put("schedule", List.of("sched-in", "sched-out"));
        // A recall of a lot shipped to the site in the region, and one to the site outside it.
        IDS.put("recall", List.of("recall-in", "recall-out"));
        // Public trace codes: none of these opens anything.
        IDS.put("code", List.of("no-such-code-in", "no-such-code-out"));
    }
    /** What stands for a path parameter that exists nowhere: alert ids are numbers, anything else an id. */
    private static final String NO_SUCH_ALERT = "999999999";

    private static TestApi api;
    private static final Map<Caller, String> tokens = new EnumMap<>(Caller.class);
    private static final Map<String, String> adminOf = new LinkedHashMap<>();
    /** The PUT bodies of the fixture, by {@code collection/id}: a PUT of one again is an unchanged 200. */
    private static final Map<String, JsonObject> bodies = new LinkedHashMap<>();

    private static final AtomicInteger fresh = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("access");
        TokenService service = api.tokens;
        // A token of a key that is then removed: refused from the moment of removal.
        String removed = service.issue(OWN, "admin", Optional.empty(), HOUR);
        String oldKid = service.signingKeyId();
        service.rotate();
        service.remove(oldKid);
        tokens.put(Caller.REMOVED_KEY, removed);

        tokens.put(Caller.ADMIN, service.issue(OWN, "admin", Optional.empty(), HOUR));
        tokens.put(Caller.QA, service.issue(OWN, "qa", Optional.empty(), HOUR));
        tokens.put(Caller.REGULATOR_IN_REGION, service.issue(OWN, "regulator", Optional.of("320300"), HOUR));
        tokens.put(Caller.REGULATOR_OUT_OF_REGION, service.issue(OWN, "regulator", Optional.of("440300"), HOUR));
        tokens.put(Caller.REGULATOR_WITHOUT_REGION, regulatorWithoutRegion());
        tokens.put(
                Caller.EXPIRED,
                new TokenService(
                                new AuthOptions(Optional.empty(), HOUR),
                                api.dataDir,
                                Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC))
                        .issue(OWN, "admin", Optional.empty(), HOUR));
        tokens.put(
                Caller.UNKNOWN_KEY,
                new TokenService(
                                new AuthOptions(Optional.empty(), HOUR),
                                Files.createTempDirectory("coldchain-other-keys"))
                        .issue(OWN, "admin", Optional.empty(), HOUR));

        adminOf.put(OWN, tokens.get(Caller.ADMIN));
        adminOf.put(OTHER, service.issue(OTHER, "admin", Optional.empty(), HOUR));
        for (String tenant : List.of(OWN, OTHER)) {
            fill(tenant);
        }
        // People: the platform administrator logs in for a bearer token; a QA user of OWN logs in in the LOGIN cells.
        accounts = new UserAccounts(api.pool);
        accounts.create("m-platform", Optional.empty(), "platform", Optional.empty(), "Platform", PASSWORD, "test");
        accounts.create("m-login", Optional.of(OWN), "qa", Optional.empty(), "Login", PASSWORD, "test");
        tokens.put(Caller.PLATFORM, platformToken());
        IDS.put("username", List.of("m-login", "m-login"));
        IDS.put(
                "id",
                List.of(
                        Long.toString(openAlert(OWN, "room-in", "site-in", "lot-in")),
                        Long.toString(openAlert(OWN, "room-out", "site-out", "lot-out"))));
    }

    private static final String PASSWORD = "matrix-password-0123";
    private static UserAccounts accounts;

    /** A fresh bearer token of the platform administrator, from a login. */
    private static String platformToken() throws Exception {
        return api.require(
                        200,
                        "POST",
                        "/api/v1/login",
                        null,
                        new JsonObject()
                                .put("username", "m-platform")
                                .put("password", PASSWORD)
                                .put("token", true))
                .getString("token");
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    /**
     * A regulator token with no region, signed with the live key: our token command never issues one,
     * but one that verifies must read nothing rather than everything.
     */
    private static String regulatorWithoutRegion() throws Exception {
        List<SigningKey> keys = new KeyFile(api.dataDir).read();
        SigningKey key = keys.get(keys.size() - 1);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(key.kid())
                        .type(JOSEObjectType.JWT)
                        .build(),
                new JWTClaimsSet.Builder()
                        .subject("regulator@" + OWN + "#noregion")
                        .issuer(TokenService.ISSUER)
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(HOUR)))
                        .claim("tenant", OWN)
                        .claim("role", "regulator")
                        .build());
        jwt.sign(new MACSigner(key.secret()));
        String token = jwt.serialize();
        Principal p = api.tokens.verify(token);
        assertThat(p.isRegulator()).isTrue();
        assertThat(p.region()).isEmpty();
        return token;
    }

    /** One of each kind inside region 3203xx ({@code -in}) and outside it ({@code -out}). */
    private static void fill(String tenant) throws Exception {
        String t = "/api/v1/tenants/" + tenant;
        String admin = adminOf.get(tenant);
        put(
                tenant,
                "profiles",
                "prof-in",
                new JsonObject()
                        .put("name", "In")
                        .put("min_c", 2.0)
                        .put("max_c", 6.0)
                        .put("rules", new JsonArray()));
        put(
                tenant,
                "profiles",
                "prof-out",
                new JsonObject()
                        .put("name", "Out")
                        .put("min_c", 0.0)
                        .put("max_c", 4.0)
                        .put("rules", new JsonArray()));
        put(
                tenant,
                "sites",
                "site-in",
                new JsonObject()
                        .put("name", "Store in Changzhou")
                        .put("kind", "store")
                        .put("region", IN_REGION)
                        .put("address", "1 Inside Rd"));
        put(
                tenant,
                "sites",
                "site-out",
                new JsonObject()
                        .put("name", "Warehouse in Beijing")
                        .put("kind", "warehouse")
                        .put("region", OUT_OF_REGION)
                        .put("address", "2 Outside Rd"));
        put(
                tenant,
                "assets",
                "room-in",
                new JsonObject()
                        .put("name", "Case in")
                        .put("kind", "display_case")
                        .put("site", "site-in")
                        .put("profile", "prof-in"));
        put(
                tenant,
                "assets",
                "room-out",
                new JsonObject()
                        .put("name", "Room out")
                        .put("kind", "cold_room")
                        .put("site", "site-out")
                        .put("profile", "prof-out"));
        put(tenant, "assets", "truck-1", new JsonObject().put("name", "Truck").put("kind", "truck"));
        put(
                tenant,
                "sensors",
                "sen-in",
                new JsonObject().put("gateway", "gw-in").put("asset", "room-in"));
        put(
                tenant,
                "sensors",
                "sen-out",
                new JsonObject().put("gateway", "gw-out").put("asset", "room-out"));
        // sku-in uses a default profile: a regulator sees it through the product, not through an asset.
        put(
                tenant,
                "products",
                "sku-in",
                new JsonObject().put("name", "Yoghurt").put("profile", "dairy-chilled"));
        put(
                tenant,
                "products",
                "sku-out",
                new JsonObject().put("name", "Frozen dumplings").put("profile", "frozen"));
        for (String[] b : new String[][] {
            {"lot-in", "sku-in"}, {"lot-out", "sku-out"}, {"lot-ship-in", "sku-in"}, {"lot-ship-out", "sku-out"}
        }) {
            put(tenant, "batches", b[0], batch(b[1]));
        }
        api.require(201, "POST", t + "/shipments", admin, shipment("ship-in", "lot-ship-in", "site-in"));
        api.require(201, "POST", t + "/shipments", admin, shipment("ship-out", "lot-ship-out", "site-out"));
        api.require(201, "POST", t + "/placements", admin, placement("lot-in", "room-in"));
        api.require(201, "POST", t + "/placements", admin, placement("lot-out", "room-out"));
        for (String target : IDS.get("target")) {
            put(
                    tenant,
                    "notification-targets",
                    target,
                    new JsonObject()
                            .put("channel", "webhook")
                            .put("url", "https://hooks.example.com/coldchain/" + target)
                            .put("secret", "0123456789abcdef-" + target));
        }

        // Report schedules (admin only): one per site; DELETE answers 200 also once the schedule is gone.
        put(
                tenant,
                "report-schedules",
                "sched-in",
                new JsonObject()
                        .put("site", "site-in")
                        .put("period", "week")
                        .put("targets", new JsonArray().add("ops-hook")));
        put(
                tenant,
                "report-schedules",
                "sched-out",
                new JsonObject()
                        .put("site", "site-out")
                        .put("period", "month")
                        .put("targets", new JsonArray().add("qa-hook")));
        for (String[] r : new String[][] {{"recall-in", "lot-ship-in"}, {"recall-out", "lot-ship-out"}}) {
            api.require(
                    201,
                    "POST",
                    t + "/recalls",
                    admin,
                    new JsonObject()
                            .put("id", r[0])
                            .put("lots", new JsonArray().add(r[1]))
                            .put("reason", "Matrix recall"));
        }

        for (String name : IDS.get("name")) {
            api.require(
                    201,
                    "POST",
                    t + "/mqtt-credentials",
                    admin,
                    new JsonObject().put("name", name).put("kind", "gateway"));
        }

        // A reading for each sensor, through the ingest store.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Reading> readings = List.of(
                new Reading(
                        tenant, "gw-in", "sen-in", now.minus(Duration.ofMinutes(10)), 4.5, null, null, null, null, now),
                new Reading(
                        tenant,
                        "gw-out",
                        "sen-out",
                        now.minus(Duration.ofMinutes(10)),
                        3.5,
                        null,
                        null,
                        null,
                        null,
                        now));
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

    /**
     * An open warning alert on an asset of a site (null for a truck), naming one batch, opened the way
     * the evaluator opens one.
     */
    private static long openAlert(String tenant, String asset, String site, String lot) throws Exception {
        Instant start = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        try (Connection c = api.pool.getConnection()) {
            AlertRecord r = new AlertStore()
                    .open(
                            c,
                            new NewAlert(
                                    tenant,
                                    "above:6.0:d0:warning",
                                    "above",
                                    "warning",
                                    6.0,
                                    0,
                                    null,
                                    List.of("prof-in"),
                                    null,
                                    asset.startsWith("room-") ? asset.replace("room", "sen") : "sen-truck",
                                    asset,
                                    site,
                                    null,
                                    start,
                                    null,
                                    start.plusSeconds(600),
                                    start,
                                    7.5,
                                    start.plusSeconds(300),
                                    null,
                                    List.of(
                                            lot.endsWith("-in")
                                                    ? new AlertBatch(lot, "sku-in", "Yoghurt", null, null, null)
                                                    : new AlertBatch(
                                                            lot, "sku-out", "Frozen dumplings", null, null, null))));
            return r.id();
        }
    }

    private static void put(String tenant, String collection, String id, JsonObject body) throws Exception {
        api.require(201, "PUT", "/api/v1/tenants/" + tenant + "/" + collection + "/" + id, adminOf.get(tenant), body);
        bodies.put(collection + "/" + id, body);
    }

    private static JsonObject batch(String sku) {
        return new JsonObject()
                .put("sku", sku)
                .put("produced_at", "2026-01-01T00:00:00Z")
                .put("expires_at", "2026-03-01T00:00:00Z");
    }

    private static JsonObject shipment(String id, String lot, String destination) {
        return new JsonObject()
                .put("id", id)
                .put("asset", "truck-1")
                .put("batches", new JsonArray().add(lot))
                .put("origin", "site-out")
                .put("destination", destination)
                .put("departed_at", "2026-01-02T00:00:00Z");
    }

    private static JsonObject placement(String lot, String asset) {
        return new JsonObject().put("lot", lot).put("asset", asset).put("from", "2026-01-05T00:00:00Z");
    }

    // ---- the matrix ---------------------------------------------------------------------------------

    @Test
    void everyRouteHasARowAndEveryRowARoute() {
        List<String> routes = api.routes();
        assertThat(routes).as("routes without a row in the access matrix").allMatch(KINDS::containsKey);
        assertThat(KINDS.keySet())
                .as("matrix rows for routes that no longer exist")
                .allMatch(routes::contains);
    }

    @Test
    void everyCellAnswersTheContractsStatus() throws Exception {
        List<String> failures = new ArrayList<>();
        int cells = 0;
        for (String route : api.routes()) {
            Kind kind = KINDS.get(route);
            if (kind == null) {
                failures.add(route + ": no row in the matrix");
                continue;
            }
            for (Map.Entry<String, String> row : new java.util.TreeMap<>(EXPECTED.get(kind)).entrySet()) {
                String[] expected = row.getValue().trim().split("\\s+");
                assertThat(expected).as(kind + " " + row.getKey()).hasSize(Caller.values().length);
                boolean own = row.getKey().startsWith("own");
                boolean in = row.getKey().endsWith("/in");
                for (Caller caller : Caller.values()) {
                    String want = expected[caller.ordinal()];
                    int status = "2xx".equals(want) ? successStatus(route) : Integer.parseInt(want);
                    String problem = cell(route, kind, own ? OWN : OTHER, in, caller, status);
                    cells++;
                    if (problem != null) {
                        failures.add(problem);
                    }
                }
            }
        }
        System.out.println("Access matrix: " + cells + " cells over "
                + api.routes().size() + " routes, " + failures.size() + " wrong");
        assertThat(failures).as("cells answering other than the contract").isEmpty();
        assertThat(cells).isGreaterThan(api.routes().size() * Caller.values().length);
    }

    /** One cell: the request, sent; null when it answered {@code status} as the contract wants, else what went wrong. */
    private static String cell(String route, Kind kind, String tenant, boolean in, Caller caller, int status)
            throws Exception {
        String method = route.substring(0, route.indexOf(' '));
        String template = route.substring(route.indexOf(' ') + 1);
        boolean succeeds =
                status < 300 && (kind == Kind.WRITE || kind == Kind.ALERT_ACTION || kind == Kind.RECALL_WRITE);
        String path = template.replace("{tenant}", tenant);
        for (Map.Entry<String, List<String>> id : IDS.entrySet()) {
            path = path.replace("{" + id.getKey() + "}", id.getValue().get(in ? 0 : 1));
        }
        JsonObject body = null;
        if (kind == Kind.RECALL_WRITE) {
            if (template.endsWith("/recalls")) {
                body = new JsonObject()
                        .put("id", "m-recall-" + fresh.incrementAndGet())
                        .put("lots", new JsonArray().add(succeeds ? freshLot() : "lot-in"))
                        .put("reason", "Recalled by " + caller);
            } else if (template.endsWith("/close")) {
                if (succeeds) {
                    // A fresh recall of its own (of a lot that went nowhere: nothing to confirm), closed once.
                    String id = "m-recall-" + fresh.incrementAndGet();
                    api.require(
                            201,
                            "POST",
                            "/api/v1/tenants/" + OWN + "/recalls",
                            adminOf.get(OWN),
                            new JsonObject()
                                    .put("id", id)
                                    .put("lots", new JsonArray().add(freshLot()))
                                    .put("reason", "To be closed"));
                    path = path.replace("/recall-in/", "/" + id + "/");
                }
                body = new JsonObject().put("note", "Closed by " + caller);
            } else if (template.contains("/locations/")) {
                body = new JsonObject().put("status", "removed").put("note", "Set by " + caller);
            }
        } else if (kind == Kind.ALERT_ACTION) {
            String lot = in ? "lot-in" : "lot-out";
            if (succeeds) {
                // A fresh open alert of its own, so that this cell can succeed.
                long id = in ? openAlert(OWN, "room-in", "site-in", lot) : openAlert(OWN, "room-out", "site-out", lot);
                path = path.replace("/" + IDS.get("id").get(in ? 0 : 1) + "/", "/" + id + "/");
            }
            body = template.endsWith("/ack")
                    ? new JsonObject().put("note", "checked by " + caller)
                    : new JsonObject()
                            .put("corrective_action", "Door closed; product re-cooled")
                            .put("dispositions", new JsonObject().put(lot, "release"));
        } else if (kind == Kind.WRITE) {
            String collection = template.replaceFirst("^/api/v1/tenants/\\{tenant}/([\\w-]+).*$", "$1");
            if ("PUT".equals(method)) {
                body = bodies.get(collection + "/" + path.substring(path.lastIndexOf('/') + 1));
            } else if ("mqtt-credentials".equals(collection)) {
                if ("DELETE".equals(method) || template.endsWith("/rotate")) {
                    if (succeeds && "DELETE".equals(method)) {
                        // A live credential of its own, so that this cell can revoke it.
                        String name = "m-cred-" + fresh.incrementAndGet();
                        api.require(
                                201,
                                "POST",
                                "/api/v1/tenants/" + OWN + "/mqtt-credentials",
                                adminOf.get(OWN),
                                new JsonObject().put("name", name).put("kind", "gateway"));
                        path = path.substring(0, path.lastIndexOf('/') + 1) + name;
                    }
                    body = "DELETE".equals(method) ? null : new JsonObject().put("grace_s", 0);
                } else {
                    body = new JsonObject()
                            .put("name", "m-cred-" + fresh.incrementAndGet())
                            .put("kind", in ? "gateway" : "alerts");
                }
            } else if ("report-schedules".equals(collection)) {
                if (succeeds) {
                    // A schedule of its own, so that this cell's deletion leaves the fixture's in place.
                    String name = "m-sched-" + fresh.incrementAndGet();
                    api.require(
                            201,
                            "PUT",
                            "/api/v1/tenants/" + OWN + "/report-schedules/" + name,
                            adminOf.get(OWN),
                            new JsonObject()
                                    .put("site", in ? "site-in" : "site-out")
                                    .put("period", "day")
                                    .put("targets", new JsonArray().add("ops-hook")));
                    path = path.substring(0, path.lastIndexOf('/') + 1) + name;
                }
            } else if (template.endsWith("/calibrations")) {
                body = new JsonObject()
                        .put("calibrated_at", "2026-01-10")
                        .put("due", "2027-01-10")
                        .put("certificate", "CNAS-2026-0042")
                        .put("performed_by", "Metrology Lab");
            } else if (template.endsWith("/deliver")) {
                if (succeeds) {
                    // An undelivered shipment of its own, so that this cell can succeed.
                    String id = freshShipment(in);
                    path = path.replace("/" + IDS.get("shipment").get(in ? 0 : 1) + "/", "/" + id + "/");
                }
                body = new JsonObject().put("arrived_at", "2026-04-01T00:00:00Z");
            } else if ("shipments".equals(collection)) {
                body = shipment(
                                "m-ship-" + fresh.incrementAndGet(),
                                succeeds ? freshLot() : "lot-in",
                                in ? "site-in" : "site-out")
                        .put("departed_at", "2026-03-01T00:00:00Z");
            } else {
                body = placement(succeeds ? freshLot() : "lot-in", in ? "room-in" : "room-out")
                        .put("from", "2026-03-01T00:00:00Z");
            }
            if (body == null && !"DELETE".equals(method)) {
                return route + ": no body for " + path;
            }
        }
        String token = tokens.get(caller);
        if (kind == Kind.LOGIN) {
            body = new JsonObject().put("username", "m-login").put("password", PASSWORD);
        } else if (kind == Kind.SELF && template.endsWith("/logout") && caller == Caller.PLATFORM) {
            token = platformToken(); // its own session, so that the platform's token of the other cells lives on
        } else if (kind == Kind.USERS || kind == Kind.PLATFORM_ONLY) {
            String username = "m-user-" + fresh.incrementAndGet();
            if ("DELETE".equals(method)) {
                if (status < 300) {
                    accounts.create(username, Optional.of(tenant), "qa", Optional.empty(), "", PASSWORD, "test");
                    path = path.replace("/m-login", "/" + username);
                }
            } else if ("POST".equals(method)) {
                body = new JsonObject().put("username", username).put("password", PASSWORD);
                body.put(kind == Kind.USERS ? "role" : "region", kind == Kind.USERS ? "qa" : "320300");
            }
        }
        HttpResponse<String> r = api.send(method, path, token, body);
        String where = caller + " " + method + " " + path + " (" + kind + ", " + (in ? "in" : "out of") + " region)";
        if (r.statusCode() != status) {
            return where + ": expected " + status + ", got " + r.statusCode() + " " + r.body();
        }
        if (status >= 400) {
            JsonObject error = new JsonObject(r.body());
            if (error.getString("error") == null || error.getString("detail") == null) {
                return where + ": error body without error and detail: " + r.body();
            }
            String detail = error.getString("detail");
            String reason = switch (caller) {
                case EXPIRED -> "expired";
                case UNKNOWN_KEY, REMOVED_KEY -> "unknown or removed key";
                case NO_TOKEN -> "missing Authorization";
                default -> "";
            };
            if (status == 401 && !detail.contains(reason)) {
                return where + ": 401 for another reason than '" + reason + "': " + detail;
            }
            if (status == 404) {
                // Never reveal existence: the same answer as for ids that exist nowhere.
                String nowhere = template.replace("{tenant}", tenant)
                        .replace("{id}", NO_SUCH_ALERT)
                        .replaceAll("\\{\\w+}", "no-such-id");
                HttpResponse<String> absent = api.send(method, nowhere, token, body);
                // An alert's 404 repeats the id that was asked for (the caller's own words, nothing more).
                String absentBody = template.contains("{id}")
                        ? absent.body().replace(NO_SUCH_ALERT, IDS.get("id").get(in ? 0 : 1))
                        : absent.body();
                if (absent.statusCode() != 404 || !absentBody.equals(r.body())) {
                    return where + ": 404 tells it apart from what does not exist: " + r.body() + " vs "
                            + absent.statusCode() + " " + absent.body();
                }
            }
        }
        return null;
    }

    /**
     * The status of a write that succeeds: an unchanged PUT, a delivery, an acknowledgement and a
     * resolution 200, a creating POST 201.
     */
    private static int successStatus(String route) {
        if (route.endsWith("/logout")) {
            return 204;
        }
        return route.startsWith("PUT ")
                        || route.startsWith("GET ")
                        || route.startsWith("DELETE ")
                        || route.endsWith("/deliver")
                        || route.endsWith("/ack")
                        || route.endsWith("/resolve")
                        || route.endsWith("/login")
                        || route.endsWith("/rotate")
                        || route.endsWith("/close")
                        || route.contains("/locations/")
                ? 200
                : 201;
    }

    private static String freshLot() throws Exception {
        String lot = "m-lot-" + fresh.incrementAndGet();
        api.require(201, "PUT", "/api/v1/tenants/" + OWN + "/batches/" + lot, adminOf.get(OWN), batch("sku-in"));
        return lot;
    }

    private static String freshShipment(boolean in) throws Exception {
        String id = "m-ship-" + fresh.incrementAndGet();
        api.require(
                201,
                "POST",
                "/api/v1/tenants/" + OWN + "/shipments",
                adminOf.get(OWN),
                shipment(id, freshLot(), in ? "site-in" : "site-out").put("departed_at", "2026-03-01T00:00:00Z"));
        return id;
    }

    // ---- what a regulator's lists hold ------------------------------------------------------------

    /** Another tenant (the matrix writes only to its own), seen by a regulator of 320300: exactly what is in 3203xx. */
    @Test
    void regulatorListsHoldExactlyWhatLiesInTheRegion() throws Exception {
        String reg = tokens.get(Caller.REGULATOR_IN_REGION);
        Map<String, Set<String>> want = new LinkedHashMap<>();
        want.put("sites", Set.of("site-in"));
        want.put("assets", Set.of("room-in"));
        want.put("sensors", Set.of("sen-in"));
        want.put("profiles", Set.of("prof-in", "dairy-chilled"));
        want.put("products", Set.of("sku-in"));
        want.put("batches", Set.of("lot-in", "lot-ship-in"));
        want.put("shipments", Set.of("ship-in"));
        want.put("placements", Set.of("lot-in"));
        Map<String, String> idField = Map.of(
                "sites",
                "site",
                "assets",
                "asset",
                "sensors",
                "sensor",
                "profiles",
                "profile",
                "products",
                "sku",
                "batches",
                "lot",
                "shipments",
                "id",
                "placements",
                "lot");
        for (Map.Entry<String, Set<String>> e : want.entrySet()) {
            String path = "/api/v1/tenants/" + OTHER + "/" + e.getKey();
            assertThat(ids(api.require(200, "GET", path, reg, null), e.getKey(), idField.get(e.getKey())))
                    .as(path)
                    .isEqualTo(new TreeSet<>(e.getValue()));
            assertThat(api.require(200, "GET", path, tokens.get(Caller.REGULATOR_OUT_OF_REGION), null)
                            .getJsonArray(e.getKey()))
                    .as(path)
                    .isEmpty();
            // The tenant's own admin sees both sides.
            assertThat(ids(
                            api.require(200, "GET", path, adminOf.get(OTHER), null),
                            e.getKey(),
                            idField.get(e.getKey())))
                    .as(path)
                    .containsAll(e.getValue());
        }
        // A default profile used only outside the region stays hidden; the one used inside is shown.
        String profiles = "/api/v1/tenants/" + OTHER + "/profiles/";
        assertThat(api.send("GET", profiles + "frozen", reg, (JsonObject) null).statusCode())
                .isEqualTo(404);
        assertThat(api.require(200, "GET", profiles + "dairy-chilled", reg, null)
                        .getString("source"))
                .isEqualTo("default");
    }

    @Test
    void regulatorsReadTheAuditTrailOfTheirRegionOnly() throws Exception {
        String path = "/api/v1/tenants/" + OTHER + "/audit?limit=1000";
        JsonArray entries = api.require(200, "GET", path, tokens.get(Caller.REGULATOR_IN_REGION), null)
                .getJsonArray("entries");
        Set<String> about = entries.stream()
                .map(o -> ((JsonObject) o).getString("entity") + "/" + ((JsonObject) o).getString("entity_id"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(about)
                .contains(
                        "site/site-in",
                        "asset/room-in",
                        "sensor/sen-in",
                        "profile/prof-in",
                        "product/sku-in",
                        "batch/lot-in",
                        "batch/lot-ship-in",
                        "shipment/ship-in");
        assertThat(about).noneMatch(a -> a.endsWith("-out") || a.contains("truck"));
        assertThat(about.stream().filter(a -> a.startsWith("placement/")).count())
                .isEqualTo(1);
        assertThat(api.require(200, "GET", path, tokens.get(Caller.REGULATOR_OUT_OF_REGION), null)
                        .getJsonArray("entries"))
                .isEmpty();
        assertThat(api.require(200, "GET", path, adminOf.get(OTHER), null)
                        .getJsonArray("entries")
                        .size())
                .isGreaterThan(entries.size());
    }

    @Test
    void regulatorsReadReadingsOfSensorsInTheirRegionInAnyTenant() throws Exception {
        for (String tenant : List.of(OWN, OTHER)) {
            String t = "/api/v1/tenants/" + tenant + "/sensors/";
            JsonArray readings = api.require(
                            200, "GET", t + "sen-in/readings", tokens.get(Caller.REGULATOR_IN_REGION), null)
                    .getJsonArray("readings");
            assertThat(readings).hasSize(1);
            assertThat(readings.getJsonObject(0).getDouble("temp_c")).isEqualTo(4.5);
            HttpResponse<String> out =
                    api.send("GET", t + "sen-out/readings", tokens.get(Caller.REGULATOR_IN_REGION), (JsonObject) null);
            HttpResponse<String> none = api.send(
                    "GET", t + "no-such-sensor/readings", tokens.get(Caller.REGULATOR_IN_REGION), (JsonObject) null);
            // Outside the region and not there at all read the same.
            assertThat(out.statusCode()).isEqualTo(404);
            assertThat(none.statusCode()).isEqualTo(404);
            assertThat(out.body()).isEqualTo(none.body());
        }
    }

    /**
     * Another tenant's alerts, seen by a regulator of 320300: those on a site of the region and those
     * naming a batch of the region (a truck's excursion on a delivery into it), and no others.
     */
    @Test
    void regulatorsReadAlertsOfTheirRegionInAnyTenant() throws Exception {
        long onSiteIn = openAlert(OTHER, "room-in", "site-in", "lot-in");
        long truckIntoRegion = openAlert(OTHER, "truck-1", null, "lot-ship-in");
        long onSiteOut = openAlert(OTHER, "room-out", "site-out", "lot-out");
        long truckElsewhere = openAlert(OTHER, "truck-1", null, "lot-ship-out");
        String path = "/api/v1/tenants/" + OTHER + "/alerts";
        String reg = tokens.get(Caller.REGULATOR_IN_REGION);
        assertThat(alertIds(api.require(200, "GET", path, reg, null)))
                .containsExactlyInAnyOrder(onSiteIn, truckIntoRegion);
        assertThat(alertIds(api.require(200, "GET", path, tokens.get(Caller.REGULATOR_OUT_OF_REGION), null)))
                .isEmpty();
        assertThat(alertIds(api.require(200, "GET", path, adminOf.get(OTHER), null)))
                .containsExactlyInAnyOrder(onSiteIn, truckIntoRegion, onSiteOut, truckElsewhere);
        for (long id : List.of(onSiteIn, truckIntoRegion)) {
            assertThat(api.require(200, "GET", path + "/" + id, reg, null).getLong("id"))
                    .isEqualTo(id);
        }
        for (long id : List.of(onSiteOut, truckElsewhere)) {
            HttpResponse<String> r = api.send("GET", path + "/" + id, reg, (JsonObject) null);
            HttpResponse<String> none = api.send("GET", path + "/" + NO_SUCH_ALERT, reg, (JsonObject) null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
            assertThat(r.body()).isEqualTo(none.body().replace(NO_SUCH_ALERT, Long.toString(id)));
        }
        // Reading is all a regulator may do, even inside its region.
        assertThat(api.send("POST", path + "/" + onSiteIn + "/ack", reg, new JsonObject().put("note", "seen"))
                        .statusCode())
                .isEqualTo(403);
    }

    private static List<Long> alertIds(JsonObject list) {
        return list.getJsonArray("alerts").stream()
                .map(o -> ((JsonObject) o).getLong("id"))
                .toList();
    }

    /** Province, city and district codes: a code covers the codes below it (trailing zero pairs dropped). */
    @Test
    void aRegionCodeCoversItsSubdivisions() throws Exception {
        Map<String, Boolean> seesSiteIn = new LinkedHashMap<>();
        seesSiteIn.put("32", true);
        seesSiteIn.put("320000", true);
        seesSiteIn.put("3203", true);
        seesSiteIn.put("320300", true);
        seesSiteIn.put("320311", true);
        seesSiteIn.put("320312", false);
        seesSiteIn.put("320400", false);
        seesSiteIn.put("11", false);
        seesSiteIn.put("00", false);
        for (Map.Entry<String, Boolean> e : seesSiteIn.entrySet()) {
            String token = api.tokens.issue("amr", "regulator", Optional.of(e.getKey()), HOUR);
            int status = api.send("GET", "/api/v1/tenants/" + OTHER + "/sites/site-in", token, (JsonObject) null)
                    .statusCode();
            assertThat(status).as("region " + e.getKey()).isEqualTo(e.getValue() ? 200 : 404);
        }
        assertThat(Principal.prefixOf("320000")).isEqualTo("32");
        assertThat(Principal.prefixOf("320300")).isEqualTo("3203");
        assertThat(Principal.prefixOf("100000")).isEqualTo("10");
        assertThat(Principal.prefixOf("00")).isEqualTo("00");
        assertThat(Principal.prefixOf("0000")).isEqualTo("00");
        assertThat(Principal.prefixOf("320311001000")).isEqualTo("3203110010");
    }

    private static Set<String> ids(JsonObject list, String key, String field) {
        return list.getJsonArray(key).stream()
                .map(o -> ((JsonObject) o).getString(field))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
