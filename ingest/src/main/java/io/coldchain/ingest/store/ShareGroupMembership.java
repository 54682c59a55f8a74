package io.coldchain.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which backend instances of one MQTT share group are running, kept in the database they share
 * (no table: a session-level shared advisory lock per running instance, on a connection of its
 * own). It answers the one question a graceful stop has: may this instance leave the share group
 * for good? Only while another one stays subscribed: on Mosquitto a shared subscription without a
 * subscriber drops what gateways publish, so the last instance keeps its session (and its queue)
 * instead. Leavers are serialized by an exclusive lock, so two instances stopping at once never
 * both leave.
 *
 * <p>Not being able to tell (database away) answers "stay": the stopped instance's share then
 * waits in its session for its return, late but not lost.
 */
public final class ShareGroupMembership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShareGroupMembership.class);
    /** Advisory lock classes (first key): members hold MEMBER shared, leavers take LEAVING exclusive. */
    private static final int MEMBER = 0x0c01d001;

    private static final int LEAVING = 0x0c01d002;

    /** Opens a dedicated connection (not from the pool: it is held for the process's lifetime). */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final String group;
    private final int key;
    private Connection held;

    public ShareGroupMembership(Connector connector, String group) {
        this.connector = connector;
        this.group = group;
        this.key = group.hashCode() & 0x7fffffff;
    }

    /** Joins (or joins again after the connection was lost). Blocking. */
    public synchronized void join() throws SQLException {
        if (held != null && held.isValid(2)) {
            return;
        }
        closeQuietly();
        Connection c = connector.open();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock_shared(?, ?)")) {
            ps.setInt(1, MEMBER);
            ps.setInt(2, key);
            ps.execute();
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        held = c;
    }

    /** Keeps the membership alive across a database restart; never throws. Blocking. */
    public void refresh() {
        try {
            join();
        } catch (SQLException e) {
            LOG.debug("share group '{}' membership not renewed: {}", group, e.getMessage());
        }
    }

    /**
     * true when another instance of the group is running and this one has now left (the caller
     * must then unsubscribe and end its session); false when it is the last, or cannot tell.
     */
    public synchronized boolean leaveIfOthersRemain() {
        try {
            join();
            try (PreparedStatement lock = held.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                lock.setInt(1, LEAVING);
                lock.setInt(2, key);
                lock.execute();
            }
            try {
                long others;
                // pg_locks covers the whole server: same database, same keys, other backends than ours.
                try (PreparedStatement ps =
                        held.prepareStatement("SELECT count(DISTINCT pid) FROM pg_locks WHERE locktype = 'advisory' "
                                + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND classid = ? AND objid = ? "
                                + "AND objsubid = 2 AND granted AND pid <> pg_backend_pid()")) {
                    ps.setInt(1, MEMBER);
                    ps.setInt(2, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        others = rs.getLong(1);
                    }
                }
                if (others == 0) {
                    LOG.info(
                            "Last running instance of share group '{}': keeping the MQTT session so that readings queue while it is down",
                            group);
                    return false;
                }
                try (PreparedStatement ps = held.prepareStatement("SELECT pg_advisory_unlock_shared(?, ?)")) {
                    ps.setInt(1, MEMBER);
                    ps.setInt(2, key);
                    ps.execute();
                }
                LOG.info("{} other instance(s) of share group '{}' running: leaving the group", others, group);
                return true;
            } finally {
                try (PreparedStatement unlock = held.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                    unlock.setInt(1, LEAVING);
                    unlock.setInt(2, key);
                    unlock.execute();
                }
            }
        } catch (SQLException e) {
            LOG.warn(
                    "Cannot tell whether other instances of share group '{}' run ({}); keeping the MQTT session",
                    group,
                    e.getMessage());
            return false;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (held != null) {
            try {
                held.close();
            } catch (SQLException e) {
                LOG.debug("membership connection close: {}", e.getMessage());
            }
            held = null;
        }
    }
}
