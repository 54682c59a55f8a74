package io.coldchain.api;

import io.coldchain.alerting.store.AlertRecord;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.excursion.ExcursionSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records' view of the alerts: the excursions of a sensor or of a batch, with what QA did about
 * them. Lives at the edge that knows both modules, so records and alerting stay apart.
 */
public final class AlertExcursions implements ExcursionSource {
    /** More excursions than this on one sensor or batch in one report is a report of its own. */
    private static final int LIMIT = 1000;

    private final AlertStore alerts = new AlertStore();

    @Override
    public List<ExcursionRecord> ofSensor(Connection c, String tenant, String sensor, Instant from, Instant to)
            throws SQLException {
        return records(alerts.list(c, tenant, new AlertStore.Query(null, null, null, sensor, from, to, LIMIT)));
    }

    @Override
    public List<ExcursionRecord> ofLot(Connection c, String tenant, String lot, Instant from, Instant to)
            throws SQLException {
        return records(alerts.list(c, tenant, new AlertStore.Query(null, null, lot, null, from, to, LIMIT)));
    }

    @Override
    public List<ExcursionRecord> ofSite(
            Connection c, String tenant, String site, List<String> assets, Instant from, Instant to)
            throws SQLException {
        return records(alerts.withoutSensorAt(c, tenant, site, assets, from, to, LIMIT));
    }

    private static List<ExcursionRecord> records(List<AlertRecord> newestFirst) {
        List<ExcursionRecord> out = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            AlertRecord a = newestFirst.get(i);
            Map<String, String> dispositions = new LinkedHashMap<>();
            a.batches().forEach(b -> {
                if (b.disposition() != null) {
                    dispositions.put(b.lot(), b.disposition());
                }
            });
            Instant until = a.endedAt() != null ? a.endedAt() : a.lastOutAt();
            out.add(new ExcursionRecord(
                    Long.toString(a.id()),
                    a.ruleKey(),
                    a.kind(),
                    a.severity(),
                    a.sensor(),
                    a.asset(),
                    a.startedAt(),
                    a.endedAt(),
                    a.peak(),
                    Duration.between(a.startedAt(), until),
                    a.status(),
                    a.ackedAt() == null ? null : new ExcursionRecord.Ack(a.ackedBy(), a.ackedAt(), a.ackNote()),
                    a.correctiveAction(),
                    dispositions));
        }
        return out;
    }
}
