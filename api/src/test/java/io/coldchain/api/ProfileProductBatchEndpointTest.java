package io.coldchain.api;

import static io.coldchain.api.TestApi.items;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.profile.DefaultProfiles;
import io.coldchain.core.profile.Profile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry's profiles, products and batches over real HTTP against a real PostgreSQL. */
class ProfileProductBatchEndpointTest extends AcmeApiTest {
    ProfileProductBatchEndpointTest() {
        super("registry_ppb");
    }

    private static JsonObject rule(String kind, double thresholdC, String minutesField, long minutes, String severity) {
        return new JsonObject()
                .put("kind", kind)
                .put("threshold_c", thresholdC)
                .put(minutesField, minutes)
                .put("severity", severity);
    }

    private static JsonObject profile(String name) {
        return new JsonObject()
                .put("name", name)
                .put("min_c", 2)
                .put("max_c", 6)
                .put(
                        "rules",
                        new JsonArray()
                                .add(rule("above", 6, "delay_min", 20, "warning"))
                                .add(rule("cumulative_above", 6, "budget_min", 90, "critical")));
    }

    private static JsonObject product(String name, String profile) {
        return new JsonObject().put("name", name).put("profile", profile);
    }

    private static JsonObject batch(String sku, String produced, String expires) {
        return new JsonObject().put("sku", sku).put("produced_at", produced).put("expires_at", expires);
    }

    @Test
    void aFreshTenantListsTheDefaultProfiles() throws Exception {
        String fresh = api.token("fresh", "qa", null);
        List<JsonObject> profiles = items(api.get("/api/v1/tenants/fresh/profiles", fresh), "profiles");
        assertThat(profiles.stream().map(p -> p.getString("profile")))
                .containsExactlyElementsOf(
                        DefaultProfiles.all().stream().map(Profile::id).sorted().toList());
        assertThat(profiles).allSatisfy(p -> assertThat(p.getString("source")).isEqualTo("default"));
        JsonObject dairy = new JsonObject(
                api.get("/api/v1/tenants/fresh/profiles/dairy-chilled", fresh).body());
        assertThat(dairy.getString("source")).isEqualTo("default");
        assertThat(dairy.getDouble("max_c")).isEqualTo(6.0);
        assertThat(dairy.getJsonArray("rules")).hasSize(4);
        assertThat(dairy.getJsonArray("rules").getJsonObject(0).getLong("delay_min"))
                .isEqualTo(30L);
        assertThat(api.get("/api/v1/tenants/fresh/profiles/no-such", fresh).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aPutOverridesADefaultForThatTenantOnly() throws Exception {
        HttpResponse<String> created = api.put(T + "/profiles/dairy-chilled", profile("Our dairy"), admin);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(new JsonObject(created.body()).getString("source")).isEqualTo("tenant");
        JsonObject got =
                new JsonObject(api.get(T + "/profiles/dairy-chilled", qa).body());
        assertThat(got.getString("source")).isEqualTo("tenant");
        assertThat(got.getString("name")).isEqualTo("Our dairy");
        assertThat(got.getJsonArray("rules").getJsonObject(1).getLong("budget_min"))
                .isEqualTo(90L);
        assertThat(got.getJsonArray("rules").getJsonObject(1).containsKey("delay_min"))
                .isFalse();

        // An identical PUT: 200, nothing written.
        long rows = auditRows("profile", "dairy-chilled");
        assertThat(api.put(T + "/profiles/dairy-chilled", profile("Our dairy"), admin)
                        .statusCode())
                .isEqualTo(200);
        assertThat(auditRows("profile", "dairy-chilled")).isEqualTo(rows).isEqualTo(1);
        assertThat(api.put(T + "/profiles/dairy-chilled", profile("Our dairy, v2"), admin)
                        .statusCode())
                .isEqualTo(200);
        assertThat(auditRows("profile", "dairy-chilled")).isEqualTo(2);

        List<JsonObject> all = items(api.get(T + "/profiles", admin), "profiles");
        assertThat(all)
                .filteredOn(p -> p.getString("profile").equals("dairy-chilled"))
                .singleElement()
                .satisfies(p -> assertThat(p.getString("source")).isEqualTo("tenant"));
        assertThat(all)
                .filteredOn(p -> p.getString("profile").equals("frozen"))
                .singleElement()
                .satisfies(p -> assertThat(p.getString("source")).isEqualTo("default"));
        // Another tenant still sees the default.
        JsonObject theirs = new JsonObject(api.get("/api/v1/tenants/other/profiles/dairy-chilled", otherAdmin)
                .body());
        assertThat(theirs.getString("source")).isEqualTo("default");
    }

    @Test
    void theSection8KindsRoundTripWithExactlyTheirFieldsAndRefuseOthers() throws Exception {
        JsonArray rules = new JsonArray()
                .add(new JsonObject()
                        .put("kind", "humidity_above")
                        .put("threshold_rh", 65)
                        .put("delay_min", 240)
                        .put("severity", "warning"))
                .add(new JsonObject()
                        .put("kind", "door_open")
                        .put("delay_min", 10)
                        .put("severity", "warning"))
                .add(new JsonObject()
                        .put("kind", "not_cooled_within")
                        .put("threshold_c", 4)
                        .put("within_min", 120)
                        .put("severity", "warning"))
                .add(new JsonObject()
                        .put("kind", "age_above")
                        .put("max_age_h", 48)
                        .put("severity", "critical"));
        JsonObject body =
                new JsonObject().put("name", "Raw milk, ours").put("max_c", 4).put("rules", rules);
        HttpResponse<String> created = api.put(T + "/profiles/raw-ours", body, admin);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonArray got = new JsonObject(api.get(T + "/profiles/raw-ours", admin).body()).getJsonArray("rules");
        assertThat(got.getJsonObject(0).getDouble("threshold_rh")).isEqualTo(65.0);
        assertThat(got.getJsonObject(0).containsKey("threshold_c")).isFalse();
        assertThat(got.getJsonObject(1).fieldNames()).containsExactlyInAnyOrder("kind", "delay_min", "severity");
        assertThat(got.getJsonObject(2).getLong("within_min")).isEqualTo(120);
        assertThat(got.getJsonObject(3).fieldNames()).containsExactlyInAnyOrder("kind", "max_age_h", "severity");
        assertThat(got.getJsonObject(3).getLong("max_age_h")).isEqualTo(48);

        JsonObject bad = body.copy();
        bad.getJsonArray("rules").getJsonObject(1).put("threshold_c", 0);
        assertBadRequest(api.put(T + "/profiles/raw-bad", bad, admin), "rules[1].threshold_c");
        bad = body.copy();
        bad.getJsonArray("rules").getJsonObject(3).put("max_age_h", 721);
        assertBadRequest(api.put(T + "/profiles/raw-bad", bad, admin), "rules[3].max_age_h");
        bad = body.copy();
        bad.getJsonArray("rules").getJsonObject(0).put("threshold_rh", 101);
        assertBadRequest(api.put(T + "/profiles/raw-bad", bad, admin), "rules[0].threshold_rh");
    }

    @Test
    void badProfilesAre400NamingTheField() throws Exception {
        JsonObject p = profile("Bad");
        p.getJsonArray("rules").add(rule("above", 8, "budget_min", 10, "critical"));
        assertBadRequest(api.put(T + "/profiles/bad", p, admin), "rules[2].budget_min");
        p = profile("Bad");
        p.getJsonArray("rules")
                .add(new JsonObject().put("kind", "above").put("threshold_c", 8).put("severity", "critical"));
        assertBadRequest(api.put(T + "/profiles/bad", p, admin), "rules[2].delay_min");
        p = profile("Bad");
        p.getJsonArray("rules").getJsonObject(0).put("kind", "sideways");
        assertBadRequest(api.put(T + "/profiles/bad", p, admin), "rules[0].kind");
        p = profile("Bad");
        p.getJsonArray("rules").getJsonObject(1).put("threshold_c", "6");
        assertBadRequest(api.put(T + "/profiles/bad", p, admin), "rules[1].threshold_c");
        p = profile("Bad");
        p.getJsonArray("rules").getJsonObject(0).put("delay_min", 1.5);
        assertBadRequest(api.put(T + "/profiles/bad", p, admin), "rules[0].delay_min");
        p = profile("Bad");
        p.getJsonArray("rules").getJsonObject(0).put("colour", "red");
        assertBadRequest(api.put(T + "/profiles/bad", p, admin), "colour");
        assertBadRequest(api.put(T + "/profiles/bad", profile("Bad").put("min_c", 7), admin), "min_c");
        assertBadRequest(api.put(T + "/profiles/bad", profile("Bad").put("rules", "none"), admin), "rules");
        assertBadRequest(api.put(T + "/profiles/bad", profile("Bad").putNull("rules"), admin), "rules");
        assertThat(api.get(T + "/profiles/bad", admin).statusCode()).isEqualTo(404);
    }

    @Test
    void productsNeedAnExistingProfile() throws Exception {
        assertThat(api.put(T + "/products/milk-1l", product("Milk 1 l", "dairy-chilled"), admin)
                        .statusCode())
                .isEqualTo(201);
        assertBadRequest(api.put(T + "/products/x", product("X", "no-such-profile"), admin), "profile");
        assertBadRequest(api.put(T + "/products/x", new JsonObject().put("name", "X"), admin), "profile");
        // A tenant's own profile may be used; another tenant's may not.
        assertThat(api.put(T + "/profiles/ice-cream", profile("Ice cream"), admin)
                        .statusCode())
                .isEqualTo(201);
        assertThat(api.put(T + "/products/cone", product("Cone", "ice-cream"), admin)
                        .statusCode())
                .isEqualTo(201);
        assertThat(api.put("/api/v1/tenants/other/profiles/theirs", profile("Theirs"), otherAdmin)
                        .statusCode())
                .isEqualTo(201);
        assertBadRequest(api.put(T + "/products/y", product("Y", "theirs"), admin), "profile");
        // Assets' profiles are checked the same way.
        assertBadRequest(
                api.put(
                        T + "/assets/truck-x",
                        new JsonObject().put("name", "T").put("kind", "truck").put("profile", "no-such-profile"),
                        admin),
                "profile");
        assertThat(api.put(
                                T + "/assets/truck-x",
                                new JsonObject()
                                        .put("name", "T")
                                        .put("kind", "truck")
                                        .put("profile", "ice-cream"),
                                admin)
                        .statusCode())
                .isEqualTo(201);

        JsonObject got = new JsonObject(api.get(T + "/products/cone", qa).body());
        assertThat(got.getString("profile")).isEqualTo("ice-cream");
        assertThat(items(api.get(T + "/products", qa), "products").stream().map(p -> p.getString("sku")))
                .contains("milk-1l", "cone");
        assertThat(auditRows("product", "milk-1l")).isEqualTo(1);
        assertThat(api.get(T + "/products/none", admin).statusCode()).isEqualTo(404);
    }

    @Test
    void batchesAreCheckedStoredAndAudited() throws Exception {
        assertThat(api.put(T + "/products/yog", product("Yoghurt", "dairy-chilled"), admin)
                        .statusCode())
                .isEqualTo(201);
        JsonObject b = batch("yog", "2026-11-20T08:00:00+08:00", "2026-12-01T00:00:00Z")
                .put("quantity", 1200);
        HttpResponse<String> created = api.put(T + "/batches/L-001", b, admin);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject row = new JsonObject(created.body());
        assertThat(row.getString("produced_at")).isEqualTo("2026-11-20T00:00:00Z");
        assertThat(row.getInteger("quantity")).isEqualTo(1200);
        assertThat(api.put(T + "/batches/L-001", b, admin).statusCode()).isEqualTo(200);
        assertThat(auditRows("batch", "L-001")).isEqualTo(1);
        JsonObject withoutQuantity = b.copy();
        withoutQuantity.remove("quantity");
        assertThat(api.put(T + "/batches/L-001", withoutQuantity, admin).statusCode())
                .isEqualTo(200);
        assertThat(auditRows("batch", "L-001")).isEqualTo(2);
        assertThat(new JsonObject(api.get(T + "/batches/L-001", qa).body()).getValue("quantity"))
                .isNull();
        assertThat(items(api.get(T + "/batches", qa), "batches").stream().map(x -> x.getString("lot")))
                .contains("L-001");

        assertBadRequest(
                api.put(T + "/batches/L-2", batch("yog", "2026-11-20T00:00:00Z", "2026-11-20T00:00:00Z"), admin),
                "expires_at");
        assertBadRequest(
                api.put(T + "/batches/L-2", batch("yog", "2026-11-20T00:00:00Z", "2026-11-19T00:00:00Z"), admin),
                "expires_at");
        assertBadRequest(
                api.put(
                        T + "/batches/L-2",
                        batch("no-such-sku", "2026-11-20T00:00:00Z", "2026-12-20T00:00:00Z"),
                        admin),
                "sku");
        assertBadRequest(
                api.put(T + "/batches/L-2", batch("yog", "2026-11-20", "2026-12-20T00:00:00Z"), admin), "produced_at");
        assertBadRequest(
                api.put(
                        T + "/batches/L-2",
                        batch("yog", "2026-11-20T00:00:00Z", "2026-12-20T00:00:00Z")
                                .put("quantity", 0),
                        admin),
                "quantity");
        assertBadRequest(
                api.put(
                        T + "/batches/L-2",
                        batch("yog", "2026-11-20T00:00:00Z", "2026-12-20T00:00:00Z")
                                .put("quantity", 2.5),
                        admin),
                "quantity");
        assertThat(api.get(T + "/batches/L-2", admin).statusCode()).isEqualTo(404);
    }

    @Test
    void everyWriteIsAudited() throws Exception {
        assertThat(api.put(T + "/profiles/aud-p", profile("P"), admin).statusCode())
                .isEqualTo(201);
        assertThat(api.put(T + "/products/aud-s", product("S", "aud-p"), admin).statusCode())
                .isEqualTo(201);
        assertThat(api.put(T + "/batches/aud-l", batch("aud-s", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"), admin)
                        .statusCode())
                .isEqualTo(201);
        List<JsonObject> entries = items(api.get(T + "/audit?limit=1000", admin), "entries");
        JsonObject p = entries.stream()
                .filter(e -> "aud-p".equals(e.getString("entity_id")))
                .findFirst()
                .orElseThrow();
        assertThat(p.getString("action")).isEqualTo("put_profile");
        assertThat(p.getValue("before")).isNull();
        assertThat(p.getJsonObject("after").getJsonArray("rules")).hasSize(2);
        JsonObject s = entries.stream()
                .filter(e -> "aud-s".equals(e.getString("entity_id")))
                .findFirst()
                .orElseThrow();
        assertThat(s.getString("action")).isEqualTo("put_product");
        assertThat(s.getJsonObject("after").getString("profile")).isEqualTo("aud-p");
        JsonObject l = entries.stream()
                .filter(e -> "aud-l".equals(e.getString("entity_id")))
                .findFirst()
                .orElseThrow();
        assertThat(l.getString("action")).isEqualTo("put_batch");
        assertThat(l.getJsonObject("after").getString("expires_at")).isEqualTo("2026-02-01T00:00:00Z");
    }

    @Test
    void rolesAndTenantsAreEnforced() throws Exception {
        assertThat(api.put(T + "/products/roles", product("Roles", "frozen"), admin)
                        .statusCode())
                .isEqualTo(201);
        for (String path : List.of("/profiles/frozen", "/products/roles", "/batches/any")) {
            JsonObject body = path.startsWith("/profiles")
                    ? profile("x")
                    : path.startsWith("/products")
                            ? product("x", "frozen")
                            : batch("roles", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
            assertThat(api.put(T + path, body, qa).statusCode()).as(path).isEqualTo(403);
            assertThat(api.put(T + path, body, regulator).statusCode()).as(path).isEqualTo(403);
            assertThat(api.put(T + path, body, otherAdmin).statusCode())
                    .as(path)
                    .isEqualTo(404);
            assertThat(api.put(T + path, body, null).statusCode()).as(path).isEqualTo(401);
            assertThat(api.get(T + path, regulator).statusCode()).as(path).isEqualTo(404);
            assertThat(api.get(T + path, otherAdmin).statusCode()).as(path).isEqualTo(404);
            assertThat(api.get(T + path, null).statusCode()).as(path).isEqualTo(401);
        }
        for (String collection : List.of("/profiles", "/products", "/batches")) {
            HttpResponse<String> none = api.get(T + collection, regulator);
            assertThat(none.statusCode()).as(collection).isEqualTo(200);
            assertThat(new JsonObject(none.body()).getJsonArray(collection.substring(1)))
                    .as(collection)
                    .isEmpty();
            assertThat(api.get(T + collection, otherAdmin).statusCode())
                    .as(collection)
                    .isEqualTo(404);
            assertThat(api.get(T + collection, qa).statusCode()).as(collection).isEqualTo(200);
        }
        assertThat(api.get(T + "/products/roles", qa).statusCode()).isEqualTo(200);
        assertThat(api.get(T + "/profiles/frozen", qa).statusCode()).isEqualTo(200);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private long auditRows(String entity, String entityId) throws Exception {
        return api.count(
                "SELECT count(*) FROM audit_log WHERE tenant = 'acme' AND entity = ? AND entity_id = ?",
                entity,
                entityId);
    }

    /** 400 whose detail names {@code field}: {@code invalid_body}, or {@code invalid_profile} from core's checks. */
    private static void assertBadRequest(HttpResponse<String> r, String field) {
        TestApi.assertBadRequest(r, field, "invalid_body", "invalid_profile");
    }
}
