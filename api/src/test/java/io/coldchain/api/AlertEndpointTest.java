package io.coldchain.api;

import static io.coldchain.api.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.alerting.store.AlertRecord;
import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.NewAlert;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The alert lifecycle over real HTTP against a real PostgreSQL: read, acknowledge, resolve, audit, holds. */
class AlertEndpointTest {
    private static final String T = "/api/v1/tenants/acme";

    private static TestApi api;
    private static String qa;
    private static String regulator;
    private static String otherQa;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("alert_http");
        qa = api.token("acme", "qa", null);
        regulator = api.token("acme", "regulator", "320300");
        otherQa = api.token("other", "qa", null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    /**
     * A critical alert naming two batches, opened the way the evaluator opens one. Each test names
     * its own lots: a batch's hold status spans all its alerts.
     */
    private static long openCritical(String lot1, String lot2) throws Exception {
        Instant start = Instant.parse("2026-11-20T08:00:00Z");
        try (Connection c = api.pool.getConnection()) {
            AlertRecord r = new AlertStore()
                    .open(
                            c,
                            new NewAlert(
                                    "acme",
                                    "above:8.0:d0:critical",
                                    "above",
                                    "critical",
                                    8.0,
                                    0,
                                    null,
                                    List.of("dairy-chilled"),
                                    null,
                                    "truck-1-p1",
                                    "truck-1",
                                    null,
                                    null,
                                    start,
                                    null,
                                    start.plusSeconds(600),
                                    start,
                                    9.4,
                                    start.plusSeconds(300),
                                    null,
                                    List.of(
                                            new AlertBatch(lot1, "milk", "Milk", "S1", null, null),
                                            new AlertBatch(lot2, "milk", "Milk", "S1", null, null))));
            return r.id();
        }
    }

    @Test
    void anAlertIsReadAcknowledgedOnceAndResolvedWithADispositionPerBatch() throws Exception {
        long id = openCritical("L1", "L2");
        JsonObject got = json(api.get(T + "/alerts/" + id, qa), 200);
        assertThat(got.getString("status")).isEqualTo("open");
        assertThat(got.getJsonObject("rule").getString("kind")).isEqualTo("above");
        assertThat(got.getJsonArray("shipments")).containsExactly("S1");
        assertThat(got.getJsonObject("batch_status").getString("L1")).isEqualTo("on_hold");
        assertThat(json(api.get(T + "/alerts?status=open", qa), 200).getJsonArray("alerts").stream()
                        .map(o -> ((JsonObject) o).getLong("id")))
                .contains(id);
        assertThat(json(api.get(T + "/alerts?lot=L2", qa), 200).getJsonArray("alerts"))
                .isNotEmpty();

        assertThat(api.post(T + "/alerts/" + id + "/ack", new JsonObject(), qa).statusCode())
                .isEqualTo(400);
        JsonObject acked =
                json(api.post(T + "/alerts/" + id + "/ack", new JsonObject().put("note", "driver called"), qa), 200);
        assertThat(acked.getString("status")).isEqualTo("acknowledged");
        assertThat(acked.getJsonObject("acknowledged").getString("note")).isEqualTo("driver called");
        assertThat(api.post(T + "/alerts/" + id + "/ack", new JsonObject().put("note", "again"), qa)
                        .statusCode())
                .isEqualTo(409);

        // Every batch needs a disposition, and only the alert's batches may have one.
        JsonObject missing = json(
                api.post(
                        T + "/alerts/" + id + "/resolve",
                        new JsonObject()
                                .put("corrective_action", "re-cooled")
                                .put("dispositions", new JsonObject().put("L1", "release")),
                        qa),
                400);
        assertThat(missing.getString("detail")).contains("dispositions.L2");
        JsonObject unknown = json(
                api.post(
                        T + "/alerts/" + id + "/resolve",
                        new JsonObject()
                                .put("corrective_action", "x")
                                .put(
                                        "dispositions",
                                        new JsonObject()
                                                .put("L1", "release")
                                                .put("L2", "hold")
                                                .put("L9", "discard")),
                        qa),
                400);
        assertThat(unknown.getString("detail")).contains("L9");
        json(
                api.post(
                        T + "/alerts/" + id + "/resolve",
                        new JsonObject()
                                .put("corrective_action", "x")
                                .put(
                                        "dispositions",
                                        new JsonObject().put("L1", "thaw").put("L2", "hold")),
                        qa),
                400);

        JsonObject resolved = json(
                api.post(
                        T + "/alerts/" + id + "/resolve",
                        new JsonObject()
                                .put("corrective_action", "Moved to backup truck; probe checked")
                                .put(
                                        "dispositions",
                                        new JsonObject().put("L1", "release").put("L2", "discard")),
                        qa),
                200);
        assertThat(resolved.getString("status")).isEqualTo("resolved");
        JsonObject after = json(api.get(T + "/alerts/" + id, qa), 200);
        assertThat(after.getJsonObject("batch_status").getString("L1")).isEqualTo("not_held");
        assertThat(after.getJsonObject("batch_status").getString("L2")).isEqualTo("discarded");
        assertThat(after.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("event")))
                .containsExactly("opened", "acknowledged", "resolved");
        assertThat(api.post(
                                T + "/alerts/" + id + "/resolve",
                                new JsonObject()
                                        .put("corrective_action", "again")
                                        .put(
                                                "dispositions",
                                                new JsonObject()
                                                        .put("L1", "release")
                                                        .put("L2", "discard")),
                                qa)
                        .statusCode())
                .isEqualTo(409);

        assertThat(api.count("SELECT count(*) FROM audit_log WHERE entity = 'alert' AND entity_id = '" + id + "'"))
                .isEqualTo(2);
        assertThat(api.count("SELECT count(*) FROM alert_outbox WHERE alert_id = " + id))
                .isEqualTo(2);
    }

    @Test
    void otherTenantsAndRegulatorsCannotAct() throws Exception {
        long id = openCritical("X1", "X2");
        assertThat(api.get(T + "/alerts/" + id, otherQa).statusCode()).isEqualTo(404);
        assertThat(api.post(T + "/alerts/" + id + "/ack", new JsonObject().put("note", "n"), otherQa)
                        .statusCode())
                .isEqualTo(404);
        assertThat(api.post(T + "/alerts/" + id + "/ack", new JsonObject().put("note", "n"), regulator)
                        .statusCode())
                .isEqualTo(403);
        assertThat(api.get(T + "/alerts/" + id, null).statusCode()).isEqualTo(401);
        assertThat(api.get(T + "/alerts/999999", qa).statusCode()).isEqualTo(404);
        assertThat(api.get(T + "/alerts/abc", qa).statusCode()).isEqualTo(400);
        assertThat(api.get(T + "/alerts?status=closed", qa).statusCode()).isEqualTo(400);
    }

    @Test
    void theHistoryOfAnAlertCannotBeRewritten() throws Exception {
        long id = openCritical("Y1", "Y2");
        try (Connection c = api.pool.getConnection();
                Statement st = c.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> st.execute("DELETE FROM alert_history WHERE alert_id = " + id))
                    .hasMessageContaining("append-only");
        }
    }
}
