package io.coldchain.api;

import static io.coldchain.api.RecallFixture.LOT;
import static io.coldchain.api.RecallFixture.OTHER_LOT;
import static io.coldchain.api.RecallFixture.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.alerting.store.AlertStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A recall of a lot spread over a warehouse and two stores, against a real PostgreSQL through the
 * HTTP API: where its units are, the hold, each site's follow-up, closing, the audit trail, and who
 * may see and do what (regulators by region, other tenants, roles).
 */
class RecallIT {
    private static TestApi api;
    private static String admin;
    private static String qa;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("recall");
        admin = api.token("acme", "admin", null);
        qa = api.token("acme", "qa", null);
        RecallFixture.build(api, admin);
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    private static JsonObject recall(String id) {
        return new JsonObject()
                .put("id", id)
                .put("lots", new JsonArray().add(LOT))
                .put("reason", "Listeria found in the retained sample of line 2");
    }

    @Test
    void aRecallFindsTheWarehouseAndBothStoresHoldsTheLotAndFollowsEachSiteUntilClosed() throws Exception {
        JsonObject made = api.require(201, "POST", T + "/recalls", qa, recall("R-1"));
        assertThat(made.getString("status")).isEqualTo("open");
        JsonObject lot = made.getJsonArray("lots").getJsonObject(0);
        assertThat(lot.getString("lot")).isEqualTo(LOT);
        JsonArray locations = lot.getJsonArray("locations");
        assertThat(sites(locations)).containsExactlyInAnyOrder("wh-1", "store-a", "store-b");
        // The plant only produced it: no unit arrived there.
        assertThat(sites(locations)).doesNotContain("plant-1");
        JsonObject storeB = location(locations, "store-b");
        assertThat(storeB.getJsonArray("assets").getList()).containsExactly("case-b");
        assertThat(storeB.getBoolean("in_transit")).isFalse();
        assertThat(location(locations, "store-a").getJsonArray("assets").getList())
                .as("the display case of store A no longer holds it")
                .isEmpty();
        assertThat(location(locations, "wh-1").getString("region")).isEqualTo("320311");
        locations.forEach(l -> assertThat(((JsonObject) l).getString("status")).isEqualTo("notified"));

        // The hold is the batch's one hold status, as alerts show it.
        assertThat(batchStatus(LOT)).isEqualTo("on_hold");
        assertThat(batchStatus(OTHER_LOT)).isEqualTo("not_held");

        // Follow-up, site by site.
        JsonObject after = api.require(
                200,
                "POST",
                T + "/recalls/R-1/locations/store-a",
                qa,
                new JsonObject().put("status", "removed").put("note", "40 units off the shelf"));
        JsonObject a = location(after.getJsonArray("lots").getJsonObject(0).getJsonArray("locations"), "store-a");
        assertThat(a.getString("status")).isEqualTo("removed");
        assertThat(a.getString("note")).isEqualTo("40 units off the shelf");
        assertThat(a.getString("updated_by")).isEqualTo(api.tokens.verify(qa).subject());
        JsonObject read = api.require(200, "GET", T + "/recalls/R-1", admin, null);
        assertThat(location(read.getJsonArray("sites"), "store-a").getString("status"))
                .isEqualTo("removed");

        // Not one of its sites: 404; a status that does not exist: 400.
        api.require(404, "POST", T + "/recalls/R-1/locations/plant-1", qa, new JsonObject().put("status", "removed"));
        api.require(400, "POST", T + "/recalls/R-1/locations/store-a", qa, new JsonObject().put("status", "gone"));

        // Closing waits for every site, unless forced with a note.
        JsonObject refused =
                api.require(409, "POST", T + "/recalls/R-1/close", qa, new JsonObject().put("note", "done"));
        assertThat(refused.getString("detail")).contains("store-b").contains("wh-1");
        for (String site : List.of("wh-1", "store-a", "store-b")) {
            api.require(
                    200,
                    "POST",
                    T + "/recalls/R-1/locations/" + site,
                    qa,
                    new JsonObject().put("status", "confirmed").put("note", "checked on site"));
        }
        JsonObject closed = api.require(
                200,
                "POST",
                T + "/recalls/R-1/close",
                qa,
                new JsonObject().put("note", "All units withdrawn and destroyed"));
        assertThat(closed.getString("status")).isEqualTo("closed");
        assertThat(closed.getString("close_note")).isEqualTo("All units withdrawn and destroyed");
        assertThat(batchStatus(LOT)).isEqualTo("discarded");
        api.require(409, "POST", T + "/recalls/R-1/locations/wh-1", qa, new JsonObject().put("status", "notified"));
        api.require(409, "POST", T + "/recalls/R-1/close", qa, new JsonObject().put("note", "again"));

        // Every change is in the audit trail.
        JsonArray audit = api.require(200, "GET", T + "/audit", admin, null).getJsonArray("entries");
        List<String> actions = audit.stream()
                .map(JsonObject.class::cast)
                .filter(e -> "recall".equals(e.getString("entity")) && "R-1".equals(e.getString("entity_id")))
                .map(e -> e.getString("action"))
                .toList();
        assertThat(actions).contains("create_recall", "update_recall_location", "close_recall");
        assertThat(actions.stream().filter("update_recall_location"::equals)).hasSize(4);
    }

    @Test
    void regulatorsSeeTheRecallsThatTouchTheirRegionOnlyAndNeverWrite() throws Exception {
        api.require(201, "POST", T + "/recalls", admin, recall("R-2"));
        String storeA = api.token("acme", "regulator", "320400");
        String elsewhere = api.token("acme", "regulator", "440100");
        String plant = api.token("acme", "regulator", "110000");

        JsonObject seen = api.require(200, "GET", T + "/recalls/R-2", storeA, null);
        assertThat(sites(seen.getJsonArray("sites"))).containsExactly("store-a");
        assertThat(sites(seen.getJsonArray("lots").getJsonObject(0).getJsonArray("locations")))
                .containsExactly("store-a");
        assertThat(ids(api.require(200, "GET", T + "/recalls", storeA, null))).contains("R-2");

        // The plant's region holds no unit any more, but the lot was shipped from there: by RegionScope
        // (the one definition of "in the region") the lot lies in it, so its regulator reads the batch
        // and its recall alike, seeing none of the other regions' sites.
        api.require(200, "GET", T + "/batches/" + LOT, plant, null);
        JsonObject atPlant = api.require(200, "GET", T + "/recalls/R-2", plant, null);
        assertThat(atPlant.getJsonArray("lots").getJsonObject(0).getString("lot"))
                .isEqualTo(LOT);
        assertThat(atPlant.getJsonArray("sites")).isEmpty();
        assertThat(atPlant.getJsonArray("lots").getJsonObject(0).getJsonArray("locations"))
                .isEmpty();
        assertThat(ids(api.require(200, "GET", T + "/recalls", plant, null))).contains("R-2");

        for (String outside : List.of(elsewhere)) {
            HttpResponse<String> r = api.get(T + "/recalls/R-2", outside);
            HttpResponse<String> none = api.get(T + "/recalls/no-such-recall", outside);
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo(none.body());
            assertThat(ids(api.require(200, "GET", T + "/recalls", outside, null)))
                    .doesNotContain("R-2");
        }
        api.require(
                403, "POST", T + "/recalls/R-2/locations/store-a", storeA, new JsonObject().put("status", "confirmed"));
        api.require(403, "POST", T + "/recalls", storeA, recall("R-x"));
    }

    @Test
    void strangersAndBadRequestsGetNothing() throws Exception {
        api.require(201, "POST", T + "/recalls", qa, recall("R-3"));
        String globex = api.token("globex", "admin", null);
        HttpResponse<String> theirs = api.get(T + "/recalls/R-3", globex);
        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(theirs.body())
                .isEqualTo(api.get(T + "/recalls/nothing", globex).body());
        api.require(404, "POST", T + "/recalls", globex, recall("R-4"));
        api.require(401, "GET", T + "/recalls/R-3", null, null);

        api.require(409, "POST", T + "/recalls", qa, recall("R-3"));
        JsonObject unknown =
                api.require(400, "POST", T + "/recalls", qa, recall("R-5").put("lots", new JsonArray().add("L-none")));
        assertThat(unknown.getString("detail")).contains("lots[0]");
        // Nothing of a refused recall remains.
        api.require(404, "GET", T + "/recalls/R-5", qa, null);
    }

    @Test
    void aLotStillOnTheTruckIsAtItsDestinationInTransitWithTheTruck() throws Exception {
        api.require(
                201,
                "PUT",
                T + "/batches/L-transit",
                admin,
                new JsonObject()
                        .put("sku", "yog-1")
                        .put("produced_at", "2026-11-01T06:00:00Z")
                        .put("expires_at", "2026-11-22T00:00:00Z"));
        api.require(
                201,
                "POST",
                T + "/shipments",
                admin,
                new JsonObject()
                        .put("id", "S-transit")
                        .put("asset", "truck-1")
                        .put("batches", new JsonArray().add("L-transit"))
                        .put("origin", "plant-1")
                        .put("destination", "store-a")
                        .put("departed_at", "2026-11-04T06:00:00Z"));
        JsonObject made = api.require(
                201,
                "POST",
                T + "/recalls",
                qa,
                new JsonObject()
                        .put("id", "R-transit")
                        .put("lots", new JsonArray().add("L-transit"))
                        .put("reason", "Seal defect"));
        JsonArray locations = made.getJsonArray("lots").getJsonObject(0).getJsonArray("locations");
        assertThat(sites(locations)).containsExactly("store-a");
        assertThat(locations.getJsonObject(0).getBoolean("in_transit")).isTrue();
        assertThat(locations.getJsonObject(0).getJsonArray("assets").getList()).containsExactly("truck-1");
        assertThat(batchStatus("L-transit")).isEqualTo("on_hold");
    }

    private static String batchStatus(String lot) throws Exception {
        try (Connection c = api.pool.getConnection()) {
            return new AlertStore().batchStatus(c, "acme", lot);
        }
    }

    private static List<String> sites(JsonArray list) {
        return list.stream().map(o -> ((JsonObject) o).getString("site")).toList();
    }

    private static JsonObject location(JsonArray list, String site) {
        return list.stream()
                .map(JsonObject.class::cast)
                .filter(o -> site.equals(o.getString("site")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no location " + site + " in " + list));
    }

    private static List<String> ids(JsonObject list) {
        return list.getJsonArray("recalls").stream()
                .map(o -> ((JsonObject) o).getString("id"))
                .toList();
    }
}
