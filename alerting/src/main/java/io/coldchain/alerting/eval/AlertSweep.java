package io.coldchain.alerting.eval;

import io.coldchain.alerting.store.AlertJson;
import io.coldchain.alerting.store.AlertRecord;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.EpisodeStore;
import io.coldchain.core.changes.ReadingChangeStore;
import io.coldchain.core.config.AlertingOptions;
import io.coldchain.core.readings.ReadingQueryStore.Latest;
import io.coldchain.registry.RegisteredSensors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The evaluator's periodic work besides the queue: escalating alerts nobody acknowledged, and queueing
 * sensors that went silent so that their evaluation can raise the gap. Blocking JDBC, run on the
 * evaluator's worker thread by {@link AlertingVerticle}.
 */
final class AlertSweep {
    private final DataSource ds;
    private final AlertingOptions options;
    private final Clock clock;
    private final AlertStore alerts;
    private final RegisteredSensors sensors;
    private final ReadingChangeStore changes;
    private final AlertEvents events;
    private final AlertMetrics metrics;

    AlertSweep(
            DataSource ds,
            AlertingOptions options,
            Clock clock,
            AlertStore alerts,
            RegisteredSensors sensors,
            ReadingChangeStore changes,
            AlertEvents events,
            AlertMetrics metrics) {
        this.ds = ds;
        this.options = options;
        this.clock = clock;
        this.alerts = alerts;
        this.sensors = sensors;
        this.changes = changes;
        this.events = events;
        this.metrics = metrics;
    }

    /** Open alerts nobody acknowledged in time go up one level and are notified again. */
    int escalate() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Long> due = alerts.dueForEscalation(
                        c,
                        clock.instant(),
                        options.escalateCritical(),
                        options.escalateWarning(),
                        options.escalateMax());
                for (long id : due) {
                    AlertRecord r = alerts.escalate(c, id);
                    events.append(c, AlertJson.event(r, "escalated"));
                }
                c.commit();
                metrics.escalations.increment(due.size());
                return due.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Sensors silent longer than the shortest allowed silence are queued for evaluation, which
     * decides with the sensor's own allowed silence whether a gap is open. Sensors with an open gap
     * alert, and sensors silent for over a week (their gap is long raised), are skipped.
     */
    void queueSilentSensors() throws SQLException {
        Instant now = clock.instant();
        Duration shortest =
                options.gapVehicle().compareTo(options.gapFixed()) < 0 ? options.gapVehicle() : options.gapFixed();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<Integer> open = new EpisodeStore().sensorsWithOpenGap(c);
                List<Latest> silent = new ArrayList<>();
                for (Latest l : sensors.silentOnAssets(c, now.minus(shortest), now.minus(Duration.ofDays(7)))) {
                    if (!open.contains(l.sensorId())) {
                        silent.add(l);
                    }
                }
                int[] ids = silent.stream().mapToInt(Latest::sensorId).toArray();
                Instant[] at = silent.stream().map(Latest::ts).toArray(Instant[]::new);
                changes.record(c, ids, at, at);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
