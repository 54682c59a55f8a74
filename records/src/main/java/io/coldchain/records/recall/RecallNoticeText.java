package io.coldchain.records.recall;

import io.coldchain.records.report.ReportDeliveryStore.Outgoing;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * A queued recall notice as sent: the webhook's JSON (the row's body) and the e-mail's subject and
 * plain text. Notification targets have no language of their own, so the text is in English and
 * Chinese (domain.md: shop staff read Chinese, auditors often English).
 */
public record RecallNoticeText(JsonObject json, String subject, String text) {
    private static final int MAX_SUBJECT = 200;

    public static RecallNoticeText of(Outgoing o) {
        JsonObject n = new JsonObject(new String(o.body(), StandardCharsets.UTF_8));
        boolean closed = "recall_closed".equals(n.getString("event"));
        String recall = n.getString("recall", "");
        String lots = String.join(
                ", ",
                n.getJsonArray("lots", new JsonArray()).stream()
                        .map(String::valueOf)
                        .toList());
        String sites = String.join(
                ", ",
                n.getJsonArray("locations", new JsonArray()).stream()
                        .map(String::valueOf)
                        .toList());
        String subject = "[Coldchain] Recall " + recall + (closed ? " closed" : "") + ": lots " + lots + " / 召回"
                + (closed ? "已关闭" : "") + " " + recall;
        if (subject.length() > MAX_SUBJECT) {
            subject = subject.substring(0, MAX_SUBJECT - 1) + "…";
        }
        String path = n.getString("path", "");
        String text = (closed
                        ? "Recall " + recall + " of tenant " + o.tenant() + " has been closed.\n"
                        : "Recall " + recall + " of tenant " + o.tenant()
                                + " has been opened: the lots below are on hold.\n")
                + "Lots: " + lots + "\n"
                + "Reason: " + n.getString("reason", "") + "\n"
                + "Sites where units are now: " + (sites.isEmpty() ? "none found" : sites) + "\n"
                + "Details: " + path + "\n\n"
                + (closed
                        ? "召回 " + recall + "（租户 " + o.tenant() + "）已关闭。\n"
                        : "召回 " + recall + "（租户 " + o.tenant() + "）已发起：以下批次已被冻结。\n")
                + "批次：" + lots + "\n"
                + "原因：" + n.getString("reason", "") + "\n"
                + "货品所在站点：" + (sites.isEmpty() ? "未找到" : sites) + "\n"
                + "详情：" + path + "\n\n"
                + "Idempotency key / 幂等键: " + o.idempotencyKey() + "\n";
        return new RecallNoticeText(n, subject, text);
    }
}
