package io.coldchain.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.changes.ChangeSummary;
import io.coldchain.core.changes.ChangedRanges;
import io.coldchain.core.changes.ReadingChangeStore;
import io.coldchain.core.changes.ReadingChangeStore.Change;
import io.coldchain.core.changes.ReadingChangeStore.Claim;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.config.StorageOptions.TimescaleMode;
import io.coldchain.core.db.Database;
import io.coldchain.core.model.Reading;
import io.coldchain.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerting's work queue: a batch is one queued set of sensors; a claim takes whole sets and every
 * pending per-sensor row of the sensors it evaluates, merges each sensor's ranges into one (one
 * evaluation for all its queued changes), skips what another evaluator holds, and leaves all of it
 * queued when rolled back.
 */
class ReadingChangeQueueTest {
    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant RECEIVED = T.plus(Duration.ofHours(1)).plusMillis(250);
    private static HikariDataSource ds;
    private final ReadingChangeStore changes = new ReadingChangeStore();

    @BeforeAll
    static void start() {
        TestDatabase db = TestDatabase.get();
        ds = Database.pool(db.newDatabase("changes"), db.user(), db.password(), 4, "changes-test");
        Database.migrate(ds, new StorageOptions(TimescaleMode.OFF, Duration.ofDays(7), Duration.ofDays(800)));
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute("DELETE FROM reading_changes");
            st.execute("DELETE FROM reading_change_sets");
        }
    }

    @Test
    void a_claim_takes_every_pending_row_of_its_sensors_and_skips_held_ones() throws Exception {
        try (Connection c = ds.getConnection()) {
            // Several rows per sensor, as the registry and the gap sweep leave them.
            perSensorRow(c, 1, 0);
            perSensorRow(c, 2, 1);
            perSensorRow(c, 1, 2);
            perSensorRow(c, 3, 3);
        }
        try (Connection first = ds.getConnection();
                Connection second = ds.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            // The oldest row is sensor 1's: both of its rows come, merged into one range.
            Claim claimed = changes.claim(first, 1, 0);
            assertThat(claimed.bySensor()).containsOnlyKeys(1);
            assertThat(claimed.rowIds()).hasSize(2);
            assertThat(claimed.bySensor().get(1).from()).isEqualTo(times(0)[0]);
            assertThat(claimed.bySensor().get(1).to()).isEqualTo(times(2)[0]);
            // Another evaluator skips what the first holds and takes the next sensors.
            assertThat(changes.claim(second, 2, 0).bySensor()).containsOnlyKeys(2, 3);
            first.rollback();
            second.rollback();
        }
    }

    @Test
    void a_batch_is_one_queued_set_claimed_whole_merged_per_sensor_and_deleted_with_its_claim() throws Exception {
        try (Connection c = ds.getConnection()) {
            // Two batches as ingest queues them: every registered sensor of a batch in one row.
            changes.record(c, new int[] {7, 8}, times(0, 1), times(5, 1));
            changes.record(c, new int[] {8, 9}, times(3, 2), times(4, 2));
            assertThat(changes.backlog(c)).isEqualTo(4);
            assertThat(count(c, "SELECT count(*) FROM reading_change_sets")).isEqualTo(2);
        }
        try (Connection first = ds.getConnection();
                Connection second = ds.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            // Both batches in one claim: sensor 8's two ranges become one.
            Claim both = changes.claim(first, 50, 5);
            assertThat(both.bySensor()).containsOnlyKeys(7, 8, 9);
            assertThat(both.bySensor().get(8).from()).isEqualTo(times(1)[0]);
            assertThat(both.bySensor().get(8).to()).isEqualTo(times(4)[0]);
            first.rollback();
            Claim one = changes.claim(first, 50, 1);
            assertThat(one.setIds()).hasSize(1);
            assertThat(one.bySensor()).containsOnlyKeys(7, 8);
            // Ranges as queued, to the microsecond.
            assertThat(one.bySensor().get(7).from()).isEqualTo(times(0)[0]);
            assertThat(one.bySensor().get(7).to()).isEqualTo(times(5)[0]);
            // The second evaluator gets the other batch, not the held one.
            Claim other = changes.claim(second, 50, 5);
            assertThat(other.bySensor()).containsOnlyKeys(8, 9);
            second.rollback();
            changes.delete(first, one);
            first.commit();
            // What is left after the first claim's commit: the second batch only.
            Claim rest = changes.claim(second, 50, 5);
            assertThat(rest.bySensor()).containsOnlyKeys(8, 9);
            assertThat(rest.bySensor().get(8).from()).isEqualTo(times(3)[0]);
            changes.delete(second, rest);
            second.commit();
            assertThat(changes.backlog(second)).isZero();
        }
    }

    @Test
    void a_claim_rolled_back_leaves_everything_queued() throws Exception {
        try (Connection c = ds.getConnection()) {
            changes.record(c, new int[] {4}, times(0), times(0));
            perSensorRow(c, 5, 1);
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            Claim claim = changes.claim(c, 50, 50);
            assertThat(claim.bySensor()).containsOnlyKeys(4, 5);
            changes.delete(c, claim);
            c.rollback(); // the evaluator died before its claim committed
            assertThat(changes.claim(c, 50, 50).bySensor()).containsOnlyKeys(4, 5);
            c.rollback();
        }
    }

    @Test
    void a_batch_carries_each_sensors_temperature_extremes_merged_outwards_by_a_claim() throws Exception {
        try (Connection c = ds.getConnection()) {
            changes.record(
                    c,
                    ranges(new int[] {7, 8}, new int[] {0, 1}, new int[] {5, 1}, new float[] {3.5f, 4f}, new float[] {
                        4.5f, 9f
                    }),
                    false);
            changes.record(
                    c,
                    ranges(new int[] {8, 9}, new int[] {3, 2}, new int[] {4, 2}, new float[] {-1f, 4f}, new float[] {
                        5f, 4f
                    }),
                    false);
            // The gap sweep and retries know no temperatures.
            changes.record(c, new int[] {9}, times(6), times(6));
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            Claim claim = changes.claim(c, 50, 5);
            assertThat(claim.setEntries()).as("ranges named before merging").isEqualTo(5);
            assertThat(claim.bySensor().get(7).minC()).isEqualTo(3.5f);
            assertThat(claim.bySensor().get(7).maxC()).isEqualTo(4.5f);
            // Sensor 8 in two batches: the lowest of both and the highest of both.
            assertThat(claim.bySensor().get(8).minC()).isEqualTo(-1f);
            assertThat(claim.bySensor().get(8).maxC()).isEqualTo(9f);
            // An unknown temperature does not hide a known one.
            assertThat(claim.bySensor().get(9).minC()).isEqualTo(4f);
            assertThat(claim.bySensor().get(9).to()).isEqualTo(times(6)[0]);
            c.rollback();
        }
    }

    @Test
    void a_claim_merged_in_pieces_equals_the_claim_merged_at_once_with_a_call_between_pieces() throws Exception {
        try (Connection c = ds.getConnection()) {
            for (int i = 0; i < 5; i++) {
                // Sensor 20 in every batch, sensor 21 in the first and the last, sensor 22 + i in one each.
                int[] sensors = i == 0 || i == 4 ? new int[] {20, 21, 22 + i} : new int[] {20, 22 + i};
                float[] min = new float[sensors.length];
                float[] max = new float[sensors.length];
                java.util.Arrays.fill(min, 2f + i);
                java.util.Arrays.fill(max, 3f + i);
                int[] from = new int[sensors.length];
                int[] to = new int[sensors.length];
                java.util.Arrays.fill(from, i);
                java.util.Arrays.fill(to, i + 1);
                // The middle batch was not stored as sent (a duplicate): it carries no summary.
                changes.record(c, ranges(sensors, from, to, min, max), i != 2);
            }
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            Claim atOnce = changes.claim(c, 50, 5);
            c.rollback();
            List<Integer> calls = new java.util.ArrayList<>();
            Claim inPieces = changes.claim(c, 50, 5, 2, claimed -> {
                assertThat(claimed).containsExactly(atOnce.setIds());
                calls.add(claimed.length);
            });
            // Pieces of 2, 2 and 1 batches: two calls between them.
            assertThat(calls).containsExactly(5, 5);
            assertThat(inPieces.setIds()).containsExactly(atOnce.setIds());
            assertThat(inPieces.setEntries()).isEqualTo(atOnce.setEntries()).isEqualTo(12);
            assertThat(inPieces.bySensor()).isEqualTo(atOnce.bySensor());
            assertThat(inPieces.bySensor().get(21).from()).isEqualTo(times(0)[0]);
            assertThat(inPieces.bySensor().get(21).to()).isEqualTo(times(5)[0]);
            assertThat(inPieces.bySensor().get(20).minC()).isEqualTo(2f);
            assertThat(inPieces.bySensor().get(20).maxC()).isEqualTo(7f);
            // Sensor 21's two batches were both stored as sent; sensor 20 was also in the middle one.
            assertThat(inPieces.bySensor().get(21).summary()).isNotNull();
            assertThat(inPieces.bySensor().get(20).summary()).isNull();
            c.rollback();
        }
    }

    @Test
    void a_batch_stored_as_sent_carries_its_summary_and_a_claim_merges_it_in_event_time() throws Exception {
        ChangedRanges first = new ChangedRanges();
        first.add(30, reading(0, 4.0, 61.0, 3.1, false));
        first.add(30, reading(1, 4.5, null, 3.05, null));
        first.add(30, reading(5, 3.5, 62.5, null, false)); // four minutes after the one before
        first.add(31, reading(2, 6.0, null, null, true));
        ChangedRanges second = new ChangedRanges();
        second.add(30, reading(12, 4.0, 80.0, 2.9, false)); // seven minutes after the first batch's last
        second.add(30, reading(13, 4.0, null, null, null));
        ChangedRanges redelivered = new ChangedRanges();
        redelivered.add(31, reading(3, 5.0, null, null, null));
        long firstSet;
        try (Connection c = ds.getConnection()) {
            changes.record(c, first, true);
            changes.record(c, second, true);
            changes.record(c, redelivered, false); // a duplicate or a conflict in it: read back, not summarised
            firstSet = count(c, "SELECT min(id) FROM reading_change_sets");
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            // The first batch alone comes back as ingest summarised it, to the last bit.
            Claim one = changes.claim(c, 50, 1);
            assertThat(one.setIds()).containsExactly(firstSet);
            assertThat(one.bySensor().values()).containsExactlyInAnyOrderElementsOf(first.changes(true));
            c.rollback();

            Claim all = changes.claim(c, 50, 5);
            Change thirty = all.bySensor().get(30);
            ChangeSummary s = thirty.summary();
            assertThat(s.gapMillis())
                    .as("between the batches")
                    .isEqualTo(Duration.ofMinutes(7).toMillis());
            assertThat(s.maxRh()).isEqualTo(80f);
            assertThat((double) s.minBatteryV()).isLessThanOrEqualTo(2.9).isGreaterThan(2.8999);
            assertThat(s.doorOpen()).isFalse();
            assertThat(s.received()).isEqualTo(RECEIVED.truncatedTo(ChronoUnit.SECONDS));
            assertThat(thirty.from()).isEqualTo(times(0)[0]);
            assertThat(thirty.to()).isEqualTo(times(13)[0]);
            // Sensor 31 is also in a batch without a summary: its change must be read.
            assertThat(all.bySensor().get(31).summary()).isNull();
            assertThat(all.bySensor().get(31).maxC()).isEqualTo(6f);
            c.rollback();
        }
    }

    @Test
    void a_claims_silence_over_many_batches_is_never_shorter_than_its_readings_longest() throws Exception {
        Random random = new Random(4122026);
        for (int round = 0; round < 40; round++) {
            empty();
            List<Instant> times = new ArrayList<>();
            float maxRh = Float.NEGATIVE_INFINITY;
            try (Connection c = ds.getConnection()) {
                for (int b = 0, batches = 1 + random.nextInt(6); b < batches; b++) {
                    ChangedRanges batch = new ChangedRanges();
                    for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                        Instant ts = T.plus(
                                random.nextInt(120 * 60_000) * 1_000L + random.nextInt(1_000), ChronoUnit.MICROS);
                        // Some batches carry no humidity at all: their column is NULL, "none carried one".
                        Double rh = b % 2 == 0 ? null : 50 + random.nextInt(100) * 0.25;
                        times.add(ts);
                        maxRh = rh == null ? maxRh : Math.max(maxRh, rh.floatValue());
                        batch.add(41, new Reading("acme", "gw", "s", ts, 4.0, rh, null, null, null, RECEIVED));
                    }
                    changes.record(c, batch, true);
                }
            }
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                ChangeSummary s = changes.claim(c, 50, 50).bySensor().get(41).summary();
                times.sort(null);
                long longest = 0;
                for (int i = 1; i < times.size(); i++) {
                    longest = Math.max(
                            longest,
                            Duration.between(times.get(i - 1), times.get(i)).toNanos());
                }
                assertThat(s.gapMillis()).as("round %d", round).isGreaterThanOrEqualTo((longest + 999_999) / 1_000_000);
                assertThat(s.maxRh()).isEqualTo(maxRh);
                assertThat(s.minBatteryV()).isEqualTo(Float.POSITIVE_INFINITY);
                assertThat(s.doorOpen()).isFalse();
                c.rollback();
            }
        }
    }

    @Test
    void a_peek_reads_sets_above_an_id_except_those_named_without_claiming_them() throws Exception {
        long[] ids = new long[3];
        try (Connection c = ds.getConnection()) {
            for (int i = 0; i < 3; i++) {
                changes.record(
                        c,
                        ranges(new int[] {10 + i}, new int[] {i}, new int[] {i}, new float[] {1f}, new float[] {2f}),
                        true);
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT id FROM reading_change_sets ORDER BY id")) {
                for (int i = 0; rs.next(); i++) {
                    ids[i] = rs.getLong(1);
                }
            }
        }
        try (Connection holder = ds.getConnection();
                Connection looker = ds.getConnection()) {
            holder.setAutoCommit(false);
            Claim held = changes.claim(holder, 50, 1); // a round in progress holds the oldest set
            assertThat(held.setIds()).containsExactly(ids[0]);
            List<ReadingChangeStore.QueuedSet> seen = changes.peek(looker, ids[0] - 1, new long[] {ids[1]}, 10);
            // The held set is still read (a look does not lock), the one named as seen is not.
            assertThat(seen).extracting(ReadingChangeStore.QueuedSet::id).containsExactly(ids[0], ids[2]);
            assertThat(seen.get(1).changes()).singleElement().satisfies(ch -> {
                assertThat(ch.sensorId()).isEqualTo(12);
                assertThat(ch.maxC()).isEqualTo(2f);
            });
            assertThat(changes.peek(looker, ids[2], new long[0], 10)).isEmpty();
            holder.rollback();
            // Nothing was consumed by looking.
            assertThat(changes.backlog(looker)).isEqualTo(3);
        }
    }

    /**
     * A stored batch as ingest gathers it: per sensor a reading at {@code from[i]} minutes of
     * {@code min[i]} °C and one at {@code to[i]} of {@code max[i]}.
     */
    private static ChangedRanges ranges(int[] sensors, int[] from, int[] to, float[] min, float[] max) {
        ChangedRanges out = new ChangedRanges();
        for (int i = 0; i < sensors.length; i++) {
            out.add(sensors[i], reading(from[i], min[i], null, null, null));
            out.add(sensors[i], reading(to[i], max[i], null, null, null));
        }
        return out;
    }

    private static Reading reading(int minute, double tempC, Double rh, Double batteryV, Boolean door) {
        return new Reading("acme", "gw", "s", times(minute)[0], tempC, rh, batteryV, door, null, RECEIVED);
    }

    private static void perSensorRow(Connection c, int sensorId, int minute) throws Exception {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO reading_changes (sensor_id, from_ts, to_ts) VALUES (?, ?, ?)")) {
            Timestamp t = Timestamp.from(times(minute)[0]);
            ps.setInt(1, sensorId);
            ps.setTimestamp(2, t);
            ps.setTimestamp(3, t);
            ps.executeUpdate();
        }
    }

    private static long count(Connection c, String query) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Instant[] times(int... minutes) {
        Instant[] out = new Instant[minutes.length];
        for (int i = 0; i < minutes.length; i++) {
            out[i] = T.plus(Duration.ofMinutes(minutes[i])).plusNanos(7_000);
        }
        return out;
    }
}
