package io.coldchain.core.changes;

import io.coldchain.core.db.BinaryCopy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Owns {@code reading_changes}: which sensors' readings changed, over which event-time range, and so
 * must be evaluated again by alerting.
 *
 * <p>Owns {@code reading_change_sets} too: the same, one row per batch ingest stored (V21), its
 * per-sensor values packed as {@link ChangeSetEntries} (V26).
 *
 * <p>Written in the same transaction as the change itself (ingest's batch, a registry write), so a
 * crash can never leave a stored reading unevaluated. Claimed with {@code FOR UPDATE SKIP LOCKED} in
 * a transaction the evaluator holds until it has evaluated the claimed sensors, and deleted there:
 * several backend instances share the queue, and an entry is consumed only after the alerts it
 * caused are committed.
 */
public final class ReadingChangeStore {
    /** Local event-bus address the writers notify after a commit that queued changes. */
    public static final String WAKE_ADDRESS = "coldchain.readings.changed";

    /** Rows one claim takes at most, whatever the number of sensors asked for. */
    static final int MAX_CLAIMED_ROWS = 100_000;

    /**
     * One queued change: sensor key and event-time range, both ends inclusive, the lowest and highest
     * temperature among the changed readings (NaN: not known, as for the registry's changes), and what
     * else they hold when ingest summarised them ({@link ChangeSummary}; null: they must be read).
     */
    public record Change(
            long id, int sensorId, Instant from, Instant to, float minC, float maxC, ChangeSummary summary) {
        public Change(long id, int sensorId, Instant from, Instant to) {
            this(id, sensorId, from, to, Float.NaN, Float.NaN, null);
        }

        public Change(long id, int sensorId, Instant from, Instant to, float minC, float maxC) {
            this(id, sensorId, from, to, minC, maxC, null);
        }

        /**
         * This change and {@code o} (same sensor) as one: the wider range, the outer extremes, and a
         * summary only if both have one.
         */
        public Change merge(Change o) {
            ChangeSummary both = summary == null || o.summary == null
                    ? null
                    : summary.merge(
                            o.summary,
                            BinaryCopy.unixMicros(from),
                            BinaryCopy.unixMicros(to),
                            BinaryCopy.unixMicros(o.from),
                            BinaryCopy.unixMicros(o.to));
            return new Change(
                    0,
                    sensorId,
                    from.isBefore(o.from) ? from : o.from,
                    to.isAfter(o.to) ? to : o.to,
                    Float.isNaN(minC) ? o.minC : Float.isNaN(o.minC) ? minC : Math.min(minC, o.minC),
                    Float.isNaN(maxC) ? o.maxC : Float.isNaN(o.maxC) ? maxC : Math.max(maxC, o.maxC),
                    both);
        }
    }

    /** A queued batch as {@link #peek} reads it, without claiming it. */
    public record QueuedSet(long id, List<Change> changes) {}

    /**
     * Queues one range per sensor, {@code sensorIds[i]} changed over {@code [from[i], to[i]]}, as one
     * row of {@code reading_change_sets} (one binary COPY). Ingest queues every registered sensor of a
     * batch: with thousands of sensors that was nearly a row per reading in {@code reading_changes},
     * whose COPY, claim and delete then cost more than storing the readings.
     */
    public void record(Connection c, int[] sensorIds, Instant[] from, Instant[] to) throws SQLException {
        int n = sensorIds.length;
        if (n == 0) {
            return;
        }
        long[] fromUs = new long[n];
        long[] toUs = new long[n];
        for (int i = 0; i < n; i++) {
            fromUs[i] = BinaryCopy.unixMicros(from[i]);
            toUs[i] = BinaryCopy.unixMicros(to[i]);
        }
        queue(c, ChangeSetEntries.ranges(sensorIds, fromUs, toUs), n, null);
    }

    /**
     * Queues a stored batch's {@code ranges} as one row: per sensor its range and temperature extremes,
     * which let the evaluator take a sensor that may start an excursion ahead of its turn (V24), and,
     * when {@code complete} (every reading of the batch was stored as sent: no duplicate, no conflict),
     * the rest of {@link ChangeSummary}, which lets it pass a quiet sensor's change without reading it
     * back (V25).
     */
    public void record(Connection c, ChangedRanges ranges, boolean complete) throws SQLException {
        if (ranges.isEmpty()) {
            return;
        }
        queue(
                c,
                ChangeSetEntries.of(ranges.columns(), complete),
                ranges.size(),
                complete ? ranges.oldestReceived() : null);
    }

    /** One row of {@code reading_change_sets}: its records, how many, and its oldest reception (or null). */
    private static void queue(Connection c, byte[] entries, int sensors, Instant receivedFrom) throws SQLException {
        BinaryCopy row = new BinaryCopy(BinaryCopy.FRAME_BYTES + 2 + 4 + entries.length + 4 + 4 + 4 + 8);
        row.row(3).bytea(entries).int4(sensors);
        if (receivedFrom == null) {
            row.nullField();
        } else {
            row.timestamptz(receivedFrom);
        }
        row.copyInto(c, "reading_change_sets (entries, sensors, received_from)");
    }

    /**
     * Queues the whole stored history of a sensor (its asset was set or changed: every reading it
     * ever sent may now mean something else). Nothing when it has no readings.
     */
    public int recordSensorHistory(Connection c, String tenant, String sensor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reading_changes (sensor_id, from_ts, to_ts) "
                + "SELECT k.id, min(r.ts), max(r.ts) FROM sensor_keys k JOIN readings r ON r.sensor_id = k.id "
                + "WHERE k.tenant = ? AND k.sensor = ? GROUP BY k.id")) {
            ps.setString(1, tenant);
            ps.setString(2, sensor);
            return ps.executeUpdate();
        }
    }

    /**
     * Queues every sensor that was on {@code asset} during {@code [from, to)} ({@code to} null: until
     * now) over that interval: batches came or went (a shipment, a delivery, a placement), so which
     * profiles apply to those readings changed.
     */
    public int recordAsset(Connection c, String tenant, String asset, Instant from, Instant to) throws SQLException {
        Instant end = to != null ? to : Instant.now().plus(java.time.Duration.ofMinutes(5));
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO reading_changes (sensor_id, from_ts, to_ts) "
                        + "SELECT DISTINCT k.id, ?::timestamptz, ?::timestamptz FROM sensor_assignments a "
                        + "JOIN sensor_keys k ON k.tenant = a.tenant AND k.sensor = a.sensor "
                        + "WHERE a.tenant = ? AND a.asset = ? AND a.valid_from < ? AND (a.valid_to IS NULL OR a.valid_to > ?)")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(end));
            ps.setString(3, tenant);
            ps.setString(4, asset);
            ps.setTimestamp(5, Timestamp.from(end));
            ps.setTimestamp(6, Timestamp.from(from));
            return ps.executeUpdate();
        }
    }

    /**
     * What one claim holds: each claimed sensor's changed range (all its queued ranges merged), and
     * the queue entries to delete once those sensors are evaluated; {@code setEntries} is how many
     * sensor ranges the claimed batches named in all (before merging).
     */
    public record Claim(SortedMap<Integer, Change> bySensor, long[] rowIds, long[] setIds, long setEntries) {
        public boolean isEmpty() {
            return rowIds.length == 0 && setIds.length == 0;
        }
    }

    /**
     * Claims the sensors of up to {@code sensors} queued per-sensor changes, oldest first, with every
     * other pending change of those sensors, and up to {@code sets} queued batches (each whole),
     * skipping what another transaction holds. The caller must stay in this transaction until the
     * claimed sensors are evaluated, then {@link #delete} and commit; a rollback (or a crash) leaves
     * all of it queued. The result's {@link Change#id()} is 0: a range may merge several entries.
     */
    public Claim claim(Connection c, int sensors, int sets) throws SQLException {
        return claim(c, sensors, sets, Integer.MAX_VALUE, ids -> {});
    }

    /** What to do between the pieces of a claim, on the claim's connection if need be. */
    @FunctionalInterface
    public interface BetweenPieces {
        /** {@code claimedSets}: every batch this claim holds, merged or not yet. */
        void run(long[] claimedSets) throws SQLException;
    }

    /**
     * {@link #claim(Connection, int, int)}, merging the claimed batches {@code setsPerPiece} at a time
     * and calling {@code between} after each piece but the last: merging 200 batches of thousands of
     * sensors each took up to 0.8 s under load, and a look at what came in meanwhile (an excursion) should
     * not wait that long.
     */
    public Claim claim(Connection c, int sensors, int sets, int setsPerPiece, BetweenPieces between)
            throws SQLException {
        SortedMap<Integer, Change> bySensor = new TreeMap<>();
        List<Long> rowIds = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "WITH oldest AS MATERIALIZED (SELECT id, sensor_id FROM reading_changes "
                        + "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) "
                        + "SELECT id, sensor_id, from_ts, to_ts FROM reading_changes "
                        + "WHERE sensor_id IN (SELECT sensor_id FROM oldest) ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setInt(1, sensors);
            // All of those sensors' rows, bounded only against a pathological queue; what is left is
            // claimed in the next round.
            ps.setInt(2, MAX_CLAIMED_ROWS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rowIds.add(rs.getLong(1));
                    merge(
                            bySensor,
                            rs.getInt(2),
                            rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4).toInstant());
                }
            }
        }
        List<Long> setIds = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id FROM reading_change_sets ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setInt(1, sets);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    setIds.add(rs.getLong(1));
                }
            }
        }
        long[] claimedSets = setIds.stream().mapToLong(Long::longValue).toArray();
        long setEntries = 0;
        int piece = Math.max(1, setsPerPiece);
        for (int start = 0; start < claimedSets.length; start += piece) {
            if (start > 0) {
                between.run(claimedSets);
            }
            setEntries += mergeSets(
                    c, Arrays.copyOfRange(claimedSets, start, Math.min(claimedSets.length, start + piece)), bySensor);
        }
        return new Claim(bySensor, rowIds.stream().mapToLong(Long::longValue).toArray(), claimedSets, setEntries);
    }

    /** Merges the claimed batches' ranges into {@code bySensor}; returns how many ranges they named. */
    private static long mergeSets(Connection c, long[] setIds, SortedMap<Integer, Change> bySensor)
            throws SQLException {
        // Merged here, not by the database: see ChangeSetEntries.
        ChangeSetEntries.Merge merge = new ChangeSetEntries.Merge();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT entries, received_from FROM reading_change_sets WHERE id = ANY (?::bigint[])")) {
            ps.setArray(
                    1, c.createArrayOf("bigint", Arrays.stream(setIds).boxed().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp received = rs.getTimestamp(2);
                    merge.add(rs.getBytes(1), received == null ? null : received.toInstant());
                }
            }
        }
        merge.forEach(ch -> bySensor.merge(ch.sensorId(), ch, Change::merge));
        return merge.entries();
    }

    private static void merge(SortedMap<Integer, Change> bySensor, int sensorId, Instant from, Instant to) {
        bySensor.merge(sensorId, new Change(0, sensorId, from, to), Change::merge);
    }

    private static QueuedSet set(ResultSet rs) throws SQLException {
        List<Change> changes = new ArrayList<>(rs.getInt(3));
        ChangeSetEntries.forEachRange(rs.getBytes(2), changes::add);
        return new QueuedSet(rs.getLong(1), changes);
    }

    /**
     * The queued batches above {@code afterId} but not in {@code seen}, oldest first, without claiming or
     * locking them (a round in progress may hold some): for a look at what came in since, not to
     * consume it. Ids are taken in insertion order and committed in another, so a reader that wants
     * every batch asks again from a little below the highest id it saw, naming those it has.
     */
    public List<QueuedSet> peek(Connection c, long afterId, long[] seen, int limit) throws SQLException {
        List<QueuedSet> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, entries, sensors FROM reading_change_sets "
                + "WHERE id > ? AND id <> ALL (?::bigint[]) ORDER BY id LIMIT ?")) {
            ps.setLong(1, afterId);
            ps.setArray(2, c.createArrayOf("bigint", Arrays.stream(seen).boxed().toArray(Long[]::new)));
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(set(rs));
                }
            }
        }
        return out;
    }

    static Instant micros(long us) {
        return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1_000L);
    }

    /** Removes what was claimed, in the claim's transaction, once its sensors are evaluated. */
    public void delete(Connection c, Claim claim) throws SQLException {
        deleteIds(c, "reading_changes", claim.rowIds());
        deleteIds(c, "reading_change_sets", claim.setIds());
    }

    private static void deleteIds(Connection c, String table, long[] ids) throws SQLException {
        if (ids.length == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ANY (?::bigint[])")) {
            ps.setArray(1, c.createArrayOf("bigint", Arrays.stream(ids).boxed().toArray(Long[]::new)));
            ps.executeUpdate();
        }
    }

    /** How many sensors' changes wait, a sensor counted once per entry (for the queue gauge). */
    public long backlog(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM reading_changes) "
                        + "+ (SELECT coalesce(sum(sensors), 0) FROM reading_change_sets)");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
