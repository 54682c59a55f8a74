package io.coldchain.alerting.store;

import io.coldchain.registry.recall.BatchHolds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The holds a recall puts on its lots, in {@code batch_holds} beside the holds of alerts (rows with
 * {@code recall} set instead of {@code alert_id}, migration V13), so that
 * {@link AlertStore#batchStatus} answers for both causes. Only recall rows are written here.
 */
public final class RecallHoldStore implements BatchHolds {

    @Override
    public void hold(Connection c, String tenant, String recall, List<String> lots) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO batch_holds (tenant, lot, recall) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (String lot : lots) {
                ps.setString(1, tenant);
                ps.setString(2, lot);
                ps.setString(3, recall);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public void decide(Connection c, String tenant, String recall, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE batch_holds SET decided_at = now(), decided_by = ?, "
                + "disposition = 'discard' WHERE tenant = ? AND recall = ? AND decided_at IS NULL")) {
            ps.setString(1, actor);
            ps.setString(2, tenant);
            ps.setString(3, recall);
            ps.executeUpdate();
        }
    }
}
