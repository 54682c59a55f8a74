package io.coldchain.records.recall;

import io.coldchain.records.report.ReportDeliveryStore;
import io.coldchain.registry.recall.Recall;
import io.coldchain.registry.recall.RecallNotice;
import io.coldchain.registry.recall.RecallNotices;
import io.coldchain.registry.recall.SiteFollowUp;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Recall notices as rows of the report delivery queue ({@link ReportDeliveryStore}), so that the
 * report dispatcher sends them with the same lease, idempotency key, retries and parking: one row
 * per enabled notification target of the tenant, in the recall's transaction. The row's body is the
 * webhook's JSON notice; the e-mail text is made from it when sent ({@link RecallNoticeText}).
 *
 * <p>Metric: {@code coldchain_recall_notices_queued_total{event}}; their sending is counted by the
 * dispatcher ({@code coldchain_report_deliveries_total{kind=recall}}).
 */
public final class RecallNoticeQueue implements RecallNotices {
    /** The tenant's enabled notification targets (alerting owns them; app wires this). */
    @FunctionalInterface
    public interface Targets {
        List<String> enabled(Connection c, String tenant) throws SQLException;
    }

    private final ReportDeliveryStore store;
    private final Targets targets;
    private final MeterRegistry meters;

    public RecallNoticeQueue(ReportDeliveryStore store, Targets targets, MeterRegistry meters) {
        this.store = store;
        this.targets = targets;
        this.meters = meters;
    }

    @Override
    public void queue(Connection c, Recall r, Event event, Instant now) throws SQLException {
        byte[] body = notice(r, event).encode().getBytes(StandardCharsets.UTF_8);
        int n = 0;
        for (String target : targets.enabled(c, r.tenant())) {
            if (store.queueNotice(c, r.tenant(), r.id(), event.wire(), target, body, now)) {
                n++;
            }
        }
        meters.counter("coldchain_recall_notices_queued_total", "event", event.wire())
                .increment(n);
    }

    @Override
    public List<RecallNotice> of(Connection c, String tenant, String recall) throws SQLException {
        return store.notices(c, tenant, recall).stream()
                .map(n -> new RecallNotice(n.target(), n.kind(), n.status(), n.attempts(), n.lastError()))
                .toList();
    }

    /** The webhook's notice (contract §9): what happened, to which lots, where they are, where to look. */
    static JsonObject notice(Recall r, Event event) {
        return new JsonObject()
                .put("event", event.wire())
                .put("tenant", r.tenant())
                .put("recall", r.id())
                .put("lots", new JsonArray(r.lots()))
                .put("reason", r.reason())
                .put(
                        "locations",
                        new JsonArray(r.sites().stream().map(SiteFollowUp::site).toList()))
                .put("path", "/api/v1/tenants/" + r.tenant() + "/recalls/" + r.id());
    }
}
