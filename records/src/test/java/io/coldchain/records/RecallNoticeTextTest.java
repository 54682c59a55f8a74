package io.coldchain.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.records.recall.RecallNoticeText;
import io.coldchain.records.report.ReportDeliveryStore.Outgoing;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The e-mail of a recall notice: subject naming the recall and lots, text in English and Chinese. */
class RecallNoticeTextTest {
    static Outgoing row(String event, JsonArray sites) {
        JsonObject n = new JsonObject()
                .put("event", event)
                .put("tenant", "acme")
                .put("recall", "R-7")
                .put("lots", new JsonArray().add("L-1").add("L-2"))
                .put("reason", "Listeria")
                .put("locations", sites)
                .put("path", "/api/v1/tenants/acme/recalls/R-7");
        return new Outgoing(
                1,
                event,
                "R-7",
                "acme",
                null,
                null,
                null,
                null,
                null,
                "mail",
                null,
                "application/json",
                n.encode().getBytes(StandardCharsets.UTF_8),
                1);
    }

    @Test
    void aCreatedNoticeNamesRecallLotsSitesAndPathInBothLanguages() {
        RecallNoticeText t = RecallNoticeText.of(
                row("recall_created", new JsonArray().add("wh-1").add("store-a")));
        assertThat(t.subject())
                .contains("R-7")
                .contains("L-1, L-2")
                .contains("召回")
                .doesNotContain("closed");
        assertThat(t.text())
                .contains("on hold")
                .contains("Sites where units are now: wh-1, store-a")
                .contains("/api/v1/tenants/acme/recalls/R-7")
                .contains("批次：L-1, L-2")
                .contains("原因：Listeria")
                .contains("recall:acme:R-7:recall_created:mail");
        assertThat(t.json().getString("recall")).isEqualTo("R-7");
    }

    @Test
    void aClosedNoticeSaysSoAndALotFoundNowhereSaysThat() {
        RecallNoticeText t = RecallNoticeText.of(row("recall_closed", new JsonArray()));
        assertThat(t.subject()).contains("closed").contains("已关闭");
        assertThat(t.text()).contains("has been closed").contains("none found").contains("未找到");
    }
}
