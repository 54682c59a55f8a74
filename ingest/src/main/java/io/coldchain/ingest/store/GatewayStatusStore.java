package io.coldchain.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Owns {@code gateway_status}: the last online/offline state each gateway published (retained; its Last Will). */
public final class GatewayStatusStore {

    /** Upserts; an older status (redelivered late) never overwrites a newer one. */
    public void record(Connection c, String tenant, String gateway, boolean online, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO gateway_status (tenant, gateway, online, updated_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (tenant, gateway) DO UPDATE SET online = excluded.online, updated_at = excluded.updated_at "
                        + "WHERE gateway_status.updated_at <= excluded.updated_at")) {
            ps.setString(1, tenant);
            ps.setString(2, gateway);
            ps.setBoolean(3, online);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.executeUpdate();
        }
    }
}
