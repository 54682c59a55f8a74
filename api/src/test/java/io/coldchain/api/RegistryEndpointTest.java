package io.coldchain.api;

import static io.coldchain.api.TestApi.assertBadBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.SensorKeyStore.SensorKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry (sites, assets, sensors, audit trail) over real HTTP against a real PostgreSQL. */
class RegistryEndpointTest extends AcmeApiTest {
    RegistryEndpointTest() {
        super("registry");
    }

    private static JsonObject site(String name) {
        return new JsonObject()
                .put("name", name)
                .put("kind", "warehouse")
                .put("region", "320300")
                .put("address", "1 Cold St");
    }

    @Test
    void sitesAreCreatedReplacedReadAndListed() throws Exception {
        HttpResponse<String> created = api.put(T + "/sites/dc-1", site("DC one"), admin);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject row = new JsonObject(created.body());
        assertThat(row.getString("site")).isEqualTo("dc-1");
        assertThat(row.getString("region")).isEqualTo("320300");
        assertThat(row.getString("created_at")).isNotBlank();

        HttpResponse<String> replaced = api.put(T + "/sites/dc-1", site("DC one, renamed"), admin);
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(replaced.body()).getString("name")).isEqualTo("DC one, renamed");

        HttpResponse<String> one = api.get(T + "/sites/dc-1", qa);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(one.body()).getString("name")).isEqualTo("DC one, renamed");
        JsonArray all = new JsonObject(api.get(T + "/sites", admin).body()).getJsonArray("sites");
        assertThat(all.stream().map(o -> ((JsonObject) o).getString("site"))).contains("dc-1");
        assertThat(api.get(T + "/sites/nope", admin).statusCode()).isEqualTo(404);
    }

    @Test
    void aSiteRegisteredBeforeSitesHadAZoneIsListedWithTheDefaultZone() throws Exception {
        assertThat(api.put(T + "/sites/old-1", site("Old store"), admin).statusCode())
                .isEqualTo(201);
        assertThat(api.put(T + "/sites/sh-1", site("Shanghai store").put("timezone", "Asia/Shanghai"), admin)
                        .statusCode())
                .isEqualTo(201);
        try (Connection c = api.pool.getConnection();
                Statement st = c.createStatement()) {
            // As V12 left the sites registered before it.
            st.executeUpdate("UPDATE sites SET timezone = NULL WHERE tenant = 'acme' AND site = 'old-1'");
        }
        JsonArray readable = new JsonObject(api.get("/api/v1/sites", qa).body()).getJsonArray("sites");
        java.util.Map<String, Object> zones = new java.util.HashMap<>();
        readable.forEach(o -> zones.put(((JsonObject) o).getString("site"), ((JsonObject) o).getValue("timezone")));
        assertThat(zones)
                .containsEntry("old-1", "UTC") // the timezone setting of the test server
                .containsEntry("sh-1", "Asia/Shanghai");
        assertThat(zones.values()).doesNotContainNull();
    }

    @Test
    void assetsAndSensorsAreCreatedAndReplaced() throws Exception {
        assertThat(api.put(T + "/sites/store-7", site("Store 7"), admin).statusCode())
                .isEqualTo(201);
        JsonObject asset =
                new JsonObject().put("name", "Freezer A").put("kind", "freezer").put("site", "store-7");
        assertThat(api.put(T + "/assets/fz-a", asset, admin).statusCode()).isEqualTo(201);
        asset.put("profile", "frozen");
        assertThat(api.put(T + "/assets/fz-a", asset, admin).statusCode()).isEqualTo(200);
        JsonObject gotAsset = new JsonObject(api.get(T + "/assets/fz-a", qa).body());
        assertThat(gotAsset.getString("profile")).isEqualTo("frozen");
        assertThat(gotAsset.getString("site")).isEqualTo("store-7");
        assertThat(new JsonObject(api.get(T + "/assets", qa).body()).getJsonArray("assets"))
                .isNotEmpty();

        JsonObject sensor = new JsonObject().put("gateway", "gw-7").put("asset", "fz-a");
        HttpResponse<String> created = api.put(T + "/sensors/fz-a-p1", sensor, admin);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(new JsonObject(created.body()).getValue("expected_interval_s"))
                .isNull();
        sensor.put("expected_interval_s", 60).put("calibration_due", "2027-03-01");
        assertThat(api.put(T + "/sensors/fz-a-p1", sensor, admin).statusCode()).isEqualTo(200);
        JsonObject got = new JsonObject(api.get(T + "/sensors/fz-a-p1", qa).body());
        assertThat(got.getInteger("expected_interval_s")).isEqualTo(60);
        assertThat(got.getString("calibration_due")).isEqualTo("2027-03-01");
        JsonArray sensors = new JsonObject(api.get(T + "/sensors", qa).body()).getJsonArray("sensors");
        assertThat(sensors.stream().map(o -> ((JsonObject) o).getString("sensor")))
                .contains("fz-a-p1");
    }

    @Test
    void aRegisteredSensorIsBoundToItsGatewayForIngest() throws Exception {
        assertThat(api.put(
                                T + "/assets/truck-1",
                                new JsonObject().put("name", "Truck 1").put("kind", "truck"),
                                admin)
                        .statusCode())
                .isEqualTo(201);
        assertThat(api.put(
                                T + "/sensors/truck-1-p1",
                                new JsonObject().put("gateway", "gw-truck-1").put("asset", "truck-1"),
                                admin)
                        .statusCode())
                .isEqualTo(201);
        try (Connection c = api.pool.getConnection()) {
            var bindings = new ReadingStore().bindings(c, List.of(new SensorKey("acme", "truck-1-p1")));
            assertThat(bindings).containsEntry(new SensorKey("acme", "truck-1-p1"), "gw-truck-1");
        }
    }

    @Test
    void changesAreAuditedAndIdenticalPutsAreNot() throws Exception {
        assertThat(api.put(T + "/sites/audited", site("First"), admin).statusCode())
                .isEqualTo(201);
        assertThat(api.put(T + "/sites/audited", site("Second"), admin).statusCode())
                .isEqualTo(200);
        long before = auditRows("audited");
        HttpResponse<String> again = api.put(T + "/sites/audited", site("Second"), admin);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(auditRows("audited")).isEqualTo(before).isEqualTo(2);

        JsonArray entries =
                new JsonObject(api.get(T + "/audit?limit=1000", admin).body()).getJsonArray("entries");
        List<JsonObject> mine = entries.stream()
                .map(o -> (JsonObject) o)
                .filter(e -> "audited".equals(e.getString("entity_id")))
                .toList();
        assertThat(mine).hasSize(2);
        JsonObject newest = mine.get(0);
        assertThat(newest.getString("action")).isEqualTo("put_site");
        assertThat(newest.getString("entity")).isEqualTo("site");
        assertThat(newest.getString("role")).isEqualTo("admin");
        assertThat(newest.getString("actor")).isNotBlank();
        assertThat(newest.getJsonObject("before").getString("name")).isEqualTo("First");
        assertThat(newest.getJsonObject("after").getString("name")).isEqualTo("Second");
        assertThat(mine.get(1).getValue("before")).isNull();
        assertThat(mine.get(1).getJsonObject("after").getString("name")).isEqualTo("First");

        assertThat(api.get(T + "/audit", qa).statusCode()).isEqualTo(403);
        assertThat(api.get(T + "/audit", otherAdmin).statusCode()).isEqualTo(404);
    }

    @Test
    void theAuditLogCannotBeChangedOrEmptied() throws Exception {
        assertThat(api.put(T + "/sites/immutable", site("x"), admin).statusCode())
                .isEqualTo(201);
        try (Connection c = api.pool.getConnection();
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET actor = 'mallory'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_log"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
        }
        assertThat(auditRows("immutable")).isEqualTo(1);
    }

    @Test
    void unknownReferencesAre400NamingTheField() throws Exception {
        assertBadBody(
                api.put(
                        T + "/assets/a-x",
                        new JsonObject().put("name", "x").put("kind", "truck").put("site", "nowhere"),
                        admin),
                "site");
        assertBadBody(
                api.put(
                        T + "/sensors/s-x",
                        new JsonObject().put("gateway", "gw").put("asset", "nothing"),
                        admin),
                "asset");
        // Another tenant's site is unknown here too.
        assertThat(api.put("/api/v1/tenants/other/sites/theirs", site("Theirs"), otherAdmin)
                        .statusCode())
                .isEqualTo(201);
        assertBadBody(
                api.put(
                        T + "/assets/a-y",
                        new JsonObject().put("name", "x").put("kind", "truck").put("site", "theirs"),
                        admin),
                "site");
    }

    @Test
    void rolesAndTenantsAreEnforced() throws Exception {
        assertThat(api.put(T + "/sites/roles", site("Roles"), admin).statusCode())
                .isEqualTo(201);
        assertThat(api.put(T + "/sites/roles", site("QA edit"), qa).statusCode())
                .isEqualTo(403);
        assertThat(api.put(T + "/sites/roles", site("Reg edit"), regulator).statusCode())
                .isEqualTo(403);
        assertThat(api.get(T + "/sites/roles", regulator).statusCode()).isEqualTo(404);
        assertThat(new JsonObject(api.get(T + "/sites", regulator).body()).getJsonArray("sites"))
                .isEmpty();
        assertThat(api.get(T + "/sites/roles", otherAdmin).statusCode()).isEqualTo(404);
        assertThat(api.put(T + "/sites/roles", site("Theirs"), otherAdmin).statusCode())
                .isEqualTo(404);
        assertThat(api.get(T + "/sites/roles", null).statusCode()).isEqualTo(401);
        assertThat(api.put(T + "/sites/roles", site("anon"), null).statusCode()).isEqualTo(401);
        assertThat(new JsonObject(api.get(T + "/sites/roles", admin).body()).getString("name"))
                .isEqualTo("Roles");
    }

    @Test
    void badBodiesAre400NamingTheField() throws Exception {
        assertBadBody(api.putRaw(T + "/sites/b", "not json", admin), "JSON");
        assertBadBody(api.putRaw(T + "/sites/b", "[1,2]", admin), "object");
        assertBadBody(api.putRaw(T + "/sites/b", "\"a string\"", admin), "object");
        assertBadBody(api.putRaw(T + "/sites/b", "", admin), "object");
        assertBadBody(api.put(T + "/sites/b", site("x").put("kind", "shop"), admin), "kind");
        assertBadBody(api.put(T + "/sites/b", site("x").put("region", "32a"), admin), "region");
        assertBadBody(api.put(T + "/sites/b", site("x").put("region", 320300), admin), "region");
        assertBadBody(api.put(T + "/sites/b", site("x").put("name", "n".repeat(201)), admin), "name");
        assertBadBody(api.put(T + "/sites/b", site("x").put("address", "a".repeat(501)), admin), "address");
        assertBadBody(api.put(T + "/sites/b", site("x").put("name", new JsonArray().add("x")), admin), "name");
        assertBadBody(api.put(T + "/sites/b", site("x").put("name", "   "), admin), "name");
        assertBadBody(api.put(T + "/sites/b", site("x").put("name", "nul\u0000byte"), admin), "name");
        assertBadBody(api.put(T + "/sites/b", site("x").put("colour", "blue"), admin), "colour");
        assertBadBody(
                api.put(
                        T + "/sites/b",
                        new JsonObject().put("name", "x").put("kind", "farm").put("region", "12"),
                        admin),
                "address");
        assertBadBody(
                api.putRaw(
                        T + "/sites/b",
                        "{\"name\":\"\\ud800\",\"kind\":\"farm\",\"region\":\"12\",\"address\":\"a\"}",
                        admin),
                "name");
        assertBadBody(
                api.put(
                        T + "/assets/b",
                        new JsonObject().put("name", "x").put("kind", "truck").put("site", "a b"),
                        admin),
                "site");
        assertBadBody(api.put(T + "/assets/b", new JsonObject().put("name", "x").put("kind", 3), admin), "kind");
        assertBadBody(
                api.put(
                        T + "/sensors/b",
                        new JsonObject().put("gateway", "gw").put("asset", "a").put("expected_interval_s", "60"),
                        admin),
                "expected_interval_s");
        assertBadBody(
                api.put(
                        T + "/sensors/b",
                        new JsonObject().put("gateway", "gw").put("asset", "a").put("expected_interval_s", 1.5),
                        admin),
                "expected_interval_s");
        assertBadBody(
                api.put(
                        T + "/sensors/b",
                        new JsonObject().put("gateway", "gw").put("asset", "a").put("expected_interval_s", 0),
                        admin),
                "expected_interval_s");
        assertThat(api.putRaw(
                                T + "/sensors/b",
                                "{\"gateway\":\"gw\",\"asset\":\"a\",\"expected_interval_s\":1e400}",
                                admin)
                        .statusCode())
                .isEqualTo(400);
        assertBadBody(
                api.put(
                        T + "/sensors/b",
                        new JsonObject()
                                .put("gateway", "gw")
                                .put("asset", "a")
                                .put("expected_interval_s", 99999999999L),
                        admin),
                "expected_interval_s");
        assertBadBody(
                api.put(
                        T + "/sensors/b",
                        new JsonObject().put("gateway", "gw").put("asset", "a").put("calibration_due", "2027-02-30"),
                        admin),
                "calibration_due");
        assertBadBody(api.put(T + "/sensors/b", new JsonObject().put("asset", "a"), admin), "gateway");
        assertThat(api.put(T + "/sites/bad%20id", site("x"), admin).statusCode())
                .isEqualTo(400);
        assertThat(api.put(
                                T + "/sensors/unassigned",
                                new JsonObject().put("gateway", "g").put("asset", "a"),
                                admin)
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void hostileButValidTextIsStoredVerbatim() throws Exception {
        for (String name :
                List.of("Robert'); DROP TABLE sites;--", "冷库 № 3 — Zürich 🧊", "\" OR 1=1 --", "<script>x</script>")) {
            HttpResponse<String> r = api.put(T + "/sites/hostile", site(name), admin);
            assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
            assertThat(new JsonObject(api.get(T + "/sites/hostile", admin).body()).getString("name"))
                    .isEqualTo(name);
        }
        assertThat(api.get(T + "/sites", admin).statusCode()).isEqualTo(200);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private long auditRows(String entityId) throws Exception {
        return api.count("SELECT count(*) FROM audit_log WHERE tenant = 'acme' AND entity_id = ?", entityId);
    }
}
