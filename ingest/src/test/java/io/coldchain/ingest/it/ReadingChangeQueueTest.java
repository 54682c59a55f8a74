package io.coldchain.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.changes.ReadingChangeStore;
import io.coldchain.core.changes.ReadingChangeStore.Change;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.config.StorageOptions.TimescaleMode;
import io.coldchain.core.db.Database;
import io.coldchain.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerting's work queue as ingest fills it: one pending row per sensor however many batches come,
 * never a wait on a row the evaluator holds, and a claim that takes every pending row of the
 * sensors it evaluates.
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
        }
    }

    private void extend(int sensor, int fromMinute, int toMinute) throws Exception {
        try (Connection c = ds.getConnection()) {
            // Any wait for a lock fails the statement: ingest must never wait for the evaluator.
            try (Statement st = c.createStatement()) {
                st.execute("SET lock_timeout = '2s'");
            }
            changes.extendOrRecord(
                    c, new int[] {sensor}, new Instant[] {T.plus(Duration.ofMinutes(fromMinute))}, new Instant[] {
                        T.plus(Duration.ofMinutes(toMinute))
                    });
        }
    }

    private static List<String> rows() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT sensor_id, from_ts, to_ts FROM reading_changes ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + " " + rs.getTimestamp(2).toInstant() + ".."
                        + rs.getTimestamp(3).toInstant());
            }
        }
        return out;
    }

    @Test
    void batches_for_one_sensor_widen_its_pending_row() throws Exception {
        extend(7, 10, 20);
        extend(7, 30, 40);
        extend(7, 0, 5);
        extend(8, 1, 2);
        assertThat(rows())
                .containsExactly(
                        "7 2026-11-30T10:00:00Z..2026-11-30T10:40:00Z", "8 2026-11-30T10:01:00Z..2026-11-30T10:02:00Z");
    }

    @Test
    void a_row_the_evaluator_holds_is_not_waited_for_and_not_lost() throws Exception {
        extend(7, 10, 20);
        try (Connection evaluator = ds.getConnection()) {
            evaluator.setAutoCommit(false);
            List<Change> claimed = changes.claim(evaluator, 50);
            assertThat(claimed).hasSize(1);
            // While the evaluator holds sensor 7's row, ingest adds a new one (no wait: lock_timeout would fail it).
            extend(7, 30, 40);
            assertThat(rows()).hasSize(2);
            changes.delete(evaluator, claimed);
            evaluator.commit();
        }
        assertThat(rows()).containsExactly("7 2026-11-30T10:30:00Z..2026-11-30T10:40:00Z");
    }

    @Test
    void a_claim_takes_every_pending_row_of_its_sensors_and_skips_held_ones() throws Exception {
        try (Connection c = ds.getConnection()) {
            // Rows as an older version left them: several per sensor.
            changes.record(c, new int[] {1, 2, 1, 3}, times(0, 1, 2, 3), times(0, 1, 2, 3));
        }
        try (Connection first = ds.getConnection();
                Connection second = ds.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            // The oldest row is sensor 1's: both of its rows come, sensor 2's and 3's do not.
            assertThat(changes.claim(first, 1)).extracting(Change::sensorId).containsExactly(1, 1);
            // Another evaluator skips what the first holds and takes the next sensors.
            assertThat(changes.claim(second, 2)).extracting(Change::sensorId).containsExactly(2, 3);
            first.rollback();
            second.rollback();
        }
    }

    private static Instant[] times(int... minutes) {
        Instant[] out = new Instant[minutes.length];
        for (int i = 0; i < minutes.length; i++) {
            out[i] = T.plus(Duration.ofMinutes(minutes[i]));
        }
        return out;
    }
}
