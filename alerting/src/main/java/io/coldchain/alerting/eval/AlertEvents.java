package io.coldchain.alerting.eval;

import io.coldchain.alerting.notify.AlertEvent;
import java.sql.Connection;
import java.sql.SQLException;

/** Where alert events go, inside the transaction that changed the alert: the notification outbox. */
@FunctionalInterface
public interface AlertEvents {
    void append(Connection c, AlertEvent event) throws SQLException;
}
