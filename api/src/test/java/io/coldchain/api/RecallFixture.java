package io.coldchain.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A lot spread over a warehouse and two stores, through the HTTP API: produced at a plant, trucked
 * to the warehouse (placed in its cold room), then one part trucked to store A (placed in a display
 * case, since taken out) and another to store B (in a display case still). A second lot of the same
 * product stays at the plant's side, to prove nothing of it leaks into the first's pages.
 */
final class RecallFixture {
    static final String T = "/api/v1/tenants/acme";
    static final String LOT = "L-yog-0412";
    static final String OTHER_LOT = "L-yog-0413";

    private RecallFixture() {}

    static void build(TestApi api, String admin) throws Exception {
        site(api, admin, "plant-1", "plant", "110105");
        site(api, admin, "wh-1", "warehouse", "320311");
        site(api, admin, "store-a", "store", "320412");
        site(api, admin, "store-b", "store", "440305");
        asset(api, admin, "truck-1", "truck", null);
        asset(api, admin, "room-w", "cold_room", "wh-1");
        asset(api, admin, "case-a", "display_case", "store-a");
        asset(api, admin, "case-b", "display_case", "store-b");
        api.require(
                201,
                "PUT",
                T + "/sensors/sen-truck-1",
                admin,
                new JsonObject().put("gateway", "gw-truck-1").put("asset", "truck-1"));
        api.require(
                201,
                "PUT",
                T + "/sensors/sen-case-b",
                admin,
                new JsonObject().put("gateway", "gw-store-b").put("asset", "case-b"));
        api.require(
                201,
                "PUT",
                T + "/products/yog-1",
                admin,
                new JsonObject().put("name", "Plain yoghurt 1 kg").put("profile", "dairy-chilled"));
        for (String lot : new String[] {LOT, OTHER_LOT}) {
            api.require(
                    201,
                    "PUT",
                    T + "/batches/" + lot,
                    admin,
                    new JsonObject()
                            .put("sku", "yog-1")
                            .put("produced_at", "2026-11-01T06:00:00Z")
                            .put("expires_at", "2026-11-22T00:00:00Z"));
        }
        ship(api, admin, "S1", "plant-1", "wh-1", "2026-11-01T08:00:00Z", "2026-11-01T12:00:00Z");
        place(api, admin, "room-w", "2026-11-01T12:00:00Z", "2026-11-02T06:00:00Z");
        ship(api, admin, "S2", "wh-1", "store-a", "2026-11-02T06:00:00Z", "2026-11-02T09:00:00Z");
        place(api, admin, "case-a", "2026-11-02T09:00:00Z", "2026-11-03T06:00:00Z");
        ship(api, admin, "S3", "wh-1", "store-b", "2026-11-03T06:00:00Z", "2026-11-03T10:00:00Z");
        place(api, admin, "case-b", "2026-11-03T10:00:00Z", null);
    }

    private static void site(TestApi api, String admin, String id, String kind, String region) throws Exception {
        api.require(
                201,
                "PUT",
                T + "/sites/" + id,
                admin,
                new JsonObject()
                        .put("name", "Site " + id)
                        .put("kind", kind)
                        .put("region", region)
                        .put("address", "1 Road"));
    }

    private static void asset(TestApi api, String admin, String id, String kind, String site) throws Exception {
        JsonObject body = new JsonObject().put("name", "Asset " + id).put("kind", kind);
        if (site != null) {
            body.put("site", site);
        }
        api.require(201, "PUT", T + "/assets/" + id, admin, body);
    }

    private static void ship(
            TestApi api, String admin, String id, String origin, String destination, String departed, String arrived)
            throws Exception {
        api.require(
                201,
                "POST",
                T + "/shipments",
                admin,
                new JsonObject()
                        .put("id", id)
                        .put("asset", "truck-1")
                        .put("batches", new JsonArray().add(LOT))
                        .put("origin", origin)
                        .put("destination", destination)
                        .put("departed_at", departed));
        api.require(
                200, "POST", T + "/shipments/" + id + "/deliver", admin, new JsonObject().put("arrived_at", arrived));
    }

    private static void place(TestApi api, String admin, String asset, String from, String to) throws Exception {
        JsonObject body = new JsonObject().put("lot", LOT).put("asset", asset).put("from", from);
        if (to != null) {
            body.put("to", to);
        }
        api.require(201, "POST", T + "/placements", admin, body);
    }
}
