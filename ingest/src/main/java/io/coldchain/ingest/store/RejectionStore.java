package io.coldchain.ingest.store;

import io.coldchain.core.config.IngestOptions;
import io.coldchain.core.model.RejectedReading;
import io.coldchain.core.model.Rejection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Owns {@code rejected_messages} and {@code rejected_readings}: nothing a gateway sends is dropped
 * silently. Keyed by the message digest so that a redelivered message is recorded once.
 */
public final class RejectionStore {

    /** A refused message, ready to insert. */
    public record MessageRejection(
            byte[] digest,
            String tenant,
            String gateway,
            String topic,
            Instant receivedAt,
            Rejection rejection,
            byte[] payload) {}

    /** A refused reading of an accepted message, ready to insert. */
    public record ReadingRejection(
            byte[] messageDigest,
            String tenant,
            String gateway,
            String topic,
            Instant receivedAt,
            RejectedReading reading) {}

    /** One row of the rejection listing. {@code kind} is {@code message} or {@code reading}. */
    public record RejectionRecord(
            String kind,
            long id,
            String tenant,
            String gateway,
            String topic,
            Instant receivedAt,
            String reason,
            String field,
            String detail,
            String sensor,
            Integer readingIndex,
            String payload,
            int payloadSize) {}

    public void insertMessages(Connection c, List<MessageRejection> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rejected_messages (digest, tenant, gateway, topic, received_at, reason, field, detail, payload, payload_size) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING")) {
            for (MessageRejection m : rows) {
                byte[] kept = m.payload().length > IngestOptions.MAX_KEPT_PAYLOAD_BYTES
                        ? Arrays.copyOf(m.payload(), IngestOptions.MAX_KEPT_PAYLOAD_BYTES)
                        : m.payload();
                ps.setBytes(1, m.digest());
                ps.setString(2, m.tenant());
                ps.setString(3, m.gateway());
                ps.setString(4, clip(m.topic(), 1024));
                ps.setTimestamp(5, Timestamp.from(m.receivedAt()));
                ps.setString(6, m.rejection().reason().code());
                ps.setString(7, clip(m.rejection().field(), 256));
                ps.setString(8, clip(m.rejection().detail(), 4096));
                ps.setBytes(9, kept);
                ps.setInt(10, m.payload().length);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void insertReadings(Connection c, List<ReadingRejection> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rejected_readings (message_digest, reading_index, tenant, gateway, topic, received_at, sensor, reason, field, detail, raw) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (ReadingRejection r : rows) {
                ps.setBytes(1, r.messageDigest());
                ps.setInt(2, r.reading().index());
                ps.setString(3, r.tenant());
                ps.setString(4, r.gateway());
                ps.setString(5, clip(r.topic(), 1024));
                ps.setTimestamp(6, Timestamp.from(r.receivedAt()));
                ps.setString(7, clip(r.reading().sensor(), 200));
                ps.setString(8, r.reading().rejection().reason().code());
                ps.setString(9, clip(r.reading().rejection().field(), 256));
                ps.setString(10, clip(r.reading().rejection().detail(), 4096));
                ps.setString(
                        11,
                        clip(r.reading().raw() == null ? "" : r.reading().raw(), IngestOptions.MAX_KEPT_PAYLOAD_BYTES));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * A kept payload as text. Refused payloads may be any bytes (that can be why they were refused):
     * invalid UTF-8 is replaced, never an error, so one binary message cannot break the listing.
     */
    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String clip(String s, int max) {
        if (s == null) {
            return null;
        }
        // PostgreSQL text cannot hold NUL, nor lone surrogates in UTF-8; everything else is kept as sent.
        String t = s.replace('\u0000', '\uFFFD').replaceAll("[\\x{D800}-\\x{DFFF}]", "\uFFFD");
        return t.length() > max ? t.substring(0, max) : t;
    }

    /**
     * Rejections of one tenant, newest first, {@code from} inclusive and {@code to} exclusive on the
     * receive time. Messages refused for an unreadable topic have no tenant and are listed for
     * {@code tenant == null} (operators only).
     */
    public List<RejectionRecord> list(Connection c, String tenant, Instant from, Instant to, int limit)
            throws SQLException {
        String sql = "SELECT * FROM ("
                + " SELECT 'message' AS kind, id, tenant, gateway, topic, received_at, reason, field, detail, NULL::text AS sensor,"
                + "  NULL::int AS reading_index, payload, payload_size"
                + "  FROM rejected_messages WHERE tenant IS NOT DISTINCT FROM ? AND received_at >= ? AND received_at < ?"
                + " UNION ALL"
                + " SELECT 'reading', id, tenant, gateway, topic, received_at, reason, field, detail, sensor, reading_index, convert_to(raw, 'UTF8'), octet_length(raw)"
                + "  FROM rejected_readings WHERE tenant IS NOT DISTINCT FROM ? AND received_at >= ? AND received_at < ?"
                + ") x ORDER BY received_at DESC, kind, id DESC LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int base : new int[] {0, 3}) {
                if (tenant == null) {
                    ps.setNull(base + 1, Types.VARCHAR);
                } else {
                    ps.setString(base + 1, tenant);
                }
                ps.setTimestamp(base + 2, Timestamp.from(from));
                ps.setTimestamp(base + 3, Timestamp.from(to));
            }
            ps.setInt(7, limit);
            List<RejectionRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RejectionRecord(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getTimestamp(6).toInstant(),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getString(9),
                            rs.getString(10),
                            (Integer) rs.getObject(11),
                            text(rs.getBytes(12)),
                            rs.getInt(13)));
                }
            }
            return out;
        }
    }
}
