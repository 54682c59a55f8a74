package io.coldchain.records.report;

import io.coldchain.records.log.LocalPeriod;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Owns {@code report_schedules} (V15). The caller manages transactions. */
public final class ReportScheduleStore {
    private static final String COLUMNS =
            "tenant, schedule, site, period, targets, format, lang, delivered_through FROM report_schedules ";

    /**
     * Creates or replaces the schedule; a replaced schedule keeps its {@code delivered_through}, so
     * changing a target does not send a period again. Returns true when it was created.
     */
    public boolean put(Connection c, ReportSchedule s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_schedules AS r (tenant, schedule, site, "
                + "period, targets, format, lang, delivered_through) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (tenant, schedule) DO UPDATE SET site = excluded.site, period = excluded.period, "
                + "targets = excluded.targets, format = excluded.format, lang = excluded.lang, updated_at = now() "
                + "RETURNING (xmax = 0)")) {
            ps.setString(1, s.tenant());
            ps.setString(2, s.schedule());
            ps.setString(3, s.site());
            ps.setString(4, s.period().wire());
            ps.setArray(5, c.createArrayOf("text", s.targets().toArray()));
            ps.setString(6, s.format());
            ps.setString(7, s.lang());
            ps.setObject(8, s.deliveredThrough());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    public Optional<ReportSchedule> get(Connection c, String tenant, String schedule) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + "WHERE tenant = ? AND schedule = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, schedule);
            List<ReportSchedule> out = rows(ps);
            return out.stream().findFirst();
        }
    }

    public List<ReportSchedule> list(Connection c, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + "WHERE tenant = ? ORDER BY schedule")) {
            ps.setString(1, tenant);
            return rows(ps);
        }
    }

    public boolean delete(Connection c, String tenant, String schedule) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM report_schedules WHERE tenant = ? AND schedule = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, schedule);
            return ps.executeUpdate() > 0;
        }
    }

    /** Every schedule's key, for the job to visit one by one. */
    public List<String[]> keys(Connection c) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT tenant, schedule FROM report_schedules ORDER BY tenant, schedule");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return out;
    }

    /** The schedule, row-locked for this transaction; empty when gone or locked by another instance's run. */
    public Optional<ReportSchedule> lock(Connection c, String tenant, String schedule) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + "WHERE tenant = ? AND schedule = ? FOR UPDATE SKIP LOCKED")) {
            ps.setString(1, tenant);
            ps.setString(2, schedule);
            return rows(ps).stream().findFirst();
        }
    }

    public void advance(Connection c, String tenant, String schedule, LocalDate through) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE report_schedules SET delivered_through = ? WHERE tenant = ? AND schedule = ?")) {
            ps.setObject(1, through);
            ps.setString(2, tenant);
            ps.setString(3, schedule);
            ps.executeUpdate();
        }
    }

    private static List<ReportSchedule> rows(PreparedStatement ps) throws SQLException {
        List<ReportSchedule> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Array targets = rs.getArray(5);
                out.add(new ReportSchedule(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        LocalPeriod.Kind.fromWire(rs.getString(4)),
                        Arrays.asList((String[]) targets.getArray()),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getObject(8, LocalDate.class)));
            }
        }
        return out;
    }
}
