package io.coldchain.api;

import static io.coldchain.api.TestApi.assertBadBody;
import static io.coldchain.api.TestApi.items;
import static io.coldchain.api.TestApi.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shipments and placements over real HTTP against a real PostgreSQL. */
class ShipmentPlacementEndpointTest extends AcmeApiTest {
    ShipmentPlacementEndpointTest() {
        super("registry_ship");
    }

    /** Sites, assets, a product and batches L1..L8 the shipments and placements refer to. */
    @BeforeAll
    void registerWhatShipmentsReferTo() throws Exception {
        for (String site : List.of("plant-1", "store-1")) {
            ok(api.put(
                    T + "/sites/" + site,
                    new JsonObject()
                            .put("name", site)
                            .put("kind", "store")
                            .put("region", "320300")
                            .put("address", "1 Main St"),
                    admin));
        }
        ok(api.put(T + "/assets/truck-1", new JsonObject().put("name", "Truck").put("kind", "truck"), admin));
        ok(api.put(
                T + "/assets/case-1",
                new JsonObject().put("name", "Case").put("kind", "display_case").put("site", "store-1"),
                admin));
        ok(api.put(T + "/products/milk", new JsonObject().put("name", "Milk").put("profile", "dairy-chilled"), admin));
        for (String lot : List.of("L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8")) {
            ok(api.put(
                    T + "/batches/" + lot,
                    new JsonObject()
                            .put("sku", "milk")
                            .put("produced_at", "2026-01-01T00:00:00Z")
                            .put("expires_at", "2026-03-01T00:00:00Z"),
                    admin));
        }
    }

    private static JsonObject shipment(String id, String departed, String... lots) {
        return new JsonObject()
                .put("id", id)
                .put("asset", "truck-1")
                .put("batches", new JsonArray(List.of((Object[]) lots)))
                .put("origin", "plant-1")
                .put("destination", "store-1")
                .put("departed_at", departed);
    }

    private static JsonObject placement(String lot, String asset, String from, String to) {
        JsonObject p = new JsonObject().put("lot", lot).put("asset", asset).put("from", from);
        return to == null ? p : p.put("to", to);
    }

    @Test
    void aShipmentIsCreatedDeliveredOnceAndListed() throws Exception {
        HttpResponse<String> created =
                api.post(T + "/shipments", shipment("S1", "2026-01-10T08:00:00+08:00", "L1", "L2"), admin);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject s = new JsonObject(created.body());
        assertThat(s.getString("id")).isEqualTo("S1");
        assertThat(s.getString("departed_at")).isEqualTo("2026-01-10T00:00:00Z");
        assertThat(s.getJsonArray("batches")).containsExactly("L1", "L2");
        assertThat(s.getValue("arrived_at")).isNull();

        HttpResponse<String> dup = api.post(T + "/shipments", shipment("S1", "2026-02-10T00:00:00Z", "L3"), admin);
        assertThat(dup.statusCode()).as(dup.body()).isEqualTo(409);

        assertBadBody(
                api.post(
                        T + "/shipments/S1/deliver", new JsonObject().put("arrived_at", "2026-01-10T00:00:00Z"), admin),
                "arrived_at");
        assertBadBody(
                api.post(
                        T + "/shipments/S1/deliver", new JsonObject().put("arrived_at", "2026-01-09T00:00:00Z"), admin),
                "arrived_at");
        HttpResponse<String> delivered = api.post(
                T + "/shipments/S1/deliver", new JsonObject().put("arrived_at", "2026-01-11T00:00:00Z"), admin);
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        assertThat(new JsonObject(delivered.body()).getString("arrived_at")).isEqualTo("2026-01-11T00:00:00Z");
        assertThat(api.post(
                                T + "/shipments/S1/deliver",
                                new JsonObject().put("arrived_at", "2026-01-12T00:00:00Z"),
                                admin)
                        .statusCode())
                .isEqualTo(409);
        assertThat(api.post(
                                T + "/shipments/none/deliver",
                                new JsonObject().put("arrived_at", "2026-01-12T00:00:00Z"),
                                admin)
                        .statusCode())
                .isEqualTo(404);

        JsonObject got = new JsonObject(api.get(T + "/shipments/S1", qa).body());
        assertThat(got.getString("arrived_at")).isEqualTo("2026-01-11T00:00:00Z");
        assertThat(items(api.get(T + "/shipments", qa), "shipments").stream().map(x -> x.getString("id")))
                .contains("S1");
        assertThat(api.get(T + "/shipments/none", qa).statusCode()).isEqualTo(404);

        assertThat(auditRows("create_shipment", "S1")).isEqualTo(1);
        assertThat(auditRows("deliver_shipment", "S1")).isEqualTo(1);
    }

    @Test
    void badShipmentsAre400NamingTheField() throws Exception {
        assertBadBody(
                api.post(T + "/shipments", shipment("S2", "2026-01-10T00:00:00Z", "L3", "nope"), admin), "batches[1]");
        assertBadBody(
                api.post(T + "/shipments", shipment("S2", "2026-01-10T00:00:00Z", "L3", "L3"), admin), "batches[1]");
        assertBadBody(api.post(T + "/shipments", shipment("S2", "2026-01-10T00:00:00Z"), admin), "batches");
        assertBadBody(
                api.post(
                        T + "/shipments",
                        shipment("S2", "2026-01-10T00:00:00Z", "L3").put("asset", "case-1"),
                        admin),
                "asset");
        assertBadBody(
                api.post(
                        T + "/shipments",
                        shipment("S2", "2026-01-10T00:00:00Z", "L3").put("asset", "nope"),
                        admin),
                "asset");
        assertBadBody(
                api.post(
                        T + "/shipments",
                        shipment("S2", "2026-01-10T00:00:00Z", "L3").put("origin", "nope"),
                        admin),
                "origin");
        assertBadBody(
                api.post(
                        T + "/shipments",
                        shipment("S2", "2026-01-10T00:00:00Z", "L3").put("destination", "x"),
                        admin),
                "destination");
        assertBadBody(api.post(T + "/shipments", shipment("S2", "yesterday", "L3"), admin), "departed_at");
        assertThat(api.get(T + "/shipments/S2", admin).statusCode()).isEqualTo(404);
        assertThat(auditRows("create_shipment", "S2")).isZero();
    }

    @Test
    void aBatchIsNeverInTwoPlacesAtOnce() throws Exception {
        assertThat(api.post(T + "/shipments", shipment("S3", "2026-01-10T00:00:00Z", "L4", "L5"), admin)
                        .statusCode())
                .isEqualTo(201);
        // Open leg: nothing after departure may hold L5.
        HttpResponse<String> onOpenLeg =
                api.post(T + "/placements", placement("L5", "case-1", "2026-01-20T00:00:00Z", null), admin);
        assertBadBody(onOpenLeg, "lot");
        assertThat(new JsonObject(onOpenLeg.body()).getString("detail")).contains("shipment S3");
        HttpResponse<String> second =
                api.post(T + "/shipments", shipment("S4", "2026-01-10T06:00:00Z", "L6", "L5"), admin);
        assertBadBody(second, "batches[1]");
        assertThat(new JsonObject(second.body()).getString("detail")).contains("S3");

        assertThat(api.post(
                                T + "/shipments/S3/deliver",
                                new JsonObject().put("arrived_at", "2026-01-11T00:00:00Z"),
                                admin)
                        .statusCode())
                .isEqualTo(200);
        // Ends touching: in the display case from the instant of arrival.
        HttpResponse<String> placed = api.post(
                T + "/placements", placement("L5", "case-1", "2026-01-11T00:00:00Z", "2026-01-15T00:00:00Z"), admin);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String id = new JsonObject(placed.body()).getString("id");
        assertThat(id).isNotBlank();

        HttpResponse<String> overlapping =
                api.post(T + "/placements", placement("L5", "case-1", "2026-01-14T00:00:00Z", null), admin);
        assertBadBody(overlapping, "lot");
        assertThat(new JsonObject(overlapping.body()).getString("detail")).contains("placement " + id);
        assertBadBody(
                api.post(
                        T + "/placements",
                        placement("L5", "case-1", "2026-01-10T12:00:00Z", "2026-01-10T13:00:00Z"),
                        admin),
                "lot");
        // A shipment departing as the placement ends is fine; one departing earlier is not.
        assertBadBody(api.post(T + "/shipments", shipment("S5", "2026-01-14T23:00:00Z", "L5"), admin), "batches[0]");
        assertThat(api.post(T + "/shipments", shipment("S5", "2026-01-15T00:00:00Z", "L5"), admin)
                        .statusCode())
                .isEqualTo(201);

        // A placement before the first shipment, touching its departure.
        assertThat(api.post(
                                T + "/placements",
                                placement("L4", "case-1", "2026-01-09T00:00:00Z", "2026-01-10T00:00:00Z"),
                                admin)
                        .statusCode())
                .isEqualTo(201);

        List<JsonObject> l5 = items(api.get(T + "/placements?lot=L5", qa), "placements");
        assertThat(l5).singleElement().satisfies(p -> {
            assertThat(p.getString("id")).isEqualTo(id);
            assertThat(p.getString("from")).isEqualTo("2026-01-11T00:00:00Z");
            assertThat(p.getString("to")).isEqualTo("2026-01-15T00:00:00Z");
        });
        assertThat(items(api.get(T + "/placements", qa), "placements")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(auditRows("create_placement", id)).isEqualTo(1);
    }

    @Test
    void badPlacementsAre400NamingTheField() throws Exception {
        assertBadBody(
                api.post(T + "/placements", placement("L7", "truck-1", "2026-01-01T00:00:00Z", null), admin), "asset");
        assertBadBody(
                api.post(T + "/placements", placement("L7", "nope", "2026-01-01T00:00:00Z", null), admin), "asset");
        assertBadBody(
                api.post(T + "/placements", placement("nope", "case-1", "2026-01-01T00:00:00Z", null), admin), "lot");
        assertBadBody(
                api.post(
                        T + "/placements",
                        placement("L7", "case-1", "2026-01-02T00:00:00Z", "2026-01-02T00:00:00Z"),
                        admin),
                "to");
        assertThat(items(api.get(T + "/placements?lot=L7", qa), "placements")).isEmpty();
    }

    @Test
    void rolesAndTenantsAreEnforced() throws Exception {
        JsonObject s = shipment("S9", "2026-02-01T00:00:00Z", "L8");
        JsonObject p = placement("L8", "case-1", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
        for (String token : List.of(qa, regulator)) {
            assertThat(api.post(T + "/shipments", s, token).statusCode()).isEqualTo(403);
            assertThat(api.post(T + "/placements", p, token).statusCode()).isEqualTo(403);
            assertThat(api.post(
                                    T + "/shipments/S9/deliver",
                                    new JsonObject().put("arrived_at", "2026-02-02T00:00:00Z"),
                                    token)
                            .statusCode())
                    .isEqualTo(403);
        }
        assertThat(api.post(T + "/shipments", s, otherAdmin).statusCode()).isEqualTo(404);
        assertThat(api.post(T + "/placements", p, otherAdmin).statusCode()).isEqualTo(404);
        assertThat(api.post(T + "/shipments", s, null).statusCode()).isEqualTo(401);
        assertThat(api.post(T + "/shipments", s, admin).statusCode()).isEqualTo(201);
        assertThat(api.get(T + "/shipments/S9", regulator).statusCode()).isEqualTo(404);
        for (String collection : List.of("shipments", "placements")) {
            HttpResponse<String> none = api.get(T + "/" + collection, regulator);
            assertThat(none.statusCode()).as(collection).isEqualTo(200);
            assertThat(new JsonObject(none.body()).getJsonArray(collection))
                    .as(collection)
                    .isEmpty();
        }
        for (String path : List.of("/shipments", "/shipments/S9", "/placements")) {
            assertThat(api.get(T + path, otherAdmin).statusCode()).as(path).isEqualTo(404);
            assertThat(api.get(T + path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(api.get(T + path, qa).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(api.post(
                                T + "/shipments/S9/deliver",
                                new JsonObject().put("arrived_at", "2026-02-02T00:00:00Z"),
                                otherAdmin)
                        .statusCode())
                .isEqualTo(404);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private long auditRows(String action, String entityId) throws Exception {
        return api.count(
                "SELECT count(*) FROM audit_log WHERE tenant = 'acme' AND action = ? AND entity_id = ?",
                action,
                entityId);
    }
}
