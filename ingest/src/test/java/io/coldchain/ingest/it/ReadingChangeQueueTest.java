package io.coldchain.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.changes.ReadingChangeStore;
import io.coldchain.core.changes.ReadingChangeStore.Claim;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.config.StorageOptions.TimescaleMode;
import io.coldchain.core.db.Database;
import io.coldchain.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
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
