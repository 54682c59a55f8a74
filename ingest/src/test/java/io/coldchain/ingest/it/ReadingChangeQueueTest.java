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
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerting's work queue: a claim takes every pending row of the sensors it evaluates (one
 * evaluation for all of a sensor's queued batches) and skips what another evaluator holds.
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

    @Test
    void a_claim_takes_every_pending_row_of_its_sensors_and_skips_held_ones() throws Exception {
        try (Connection c = ds.getConnection()) {
            // Several rows per sensor, as ingest leaves them (one per sensor and batch).
            changes.record(c, new int[] {1, 2, 1, 3}, times(0, 1, 2, 3), times(0, 1, 2, 3));
        }
        try (Connection first = ds.getConnection();
                Connection second = ds.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            // The oldest row is sensor 1's: both of its rows come, sensor 2's and 3's do not.
            List<Change> claimed = changes.claim(first, 1);
            assertThat(claimed).extracting(Change::sensorId).containsExactly(1, 1);
            // The ranges as queued (binary COPY: microseconds kept).
            assertThat(claimed.get(1).from())
                    .isEqualTo(T.plus(Duration.ofMinutes(2)).plusNanos(7_000));
            assertThat(claimed.get(1).to()).isEqualTo(claimed.get(1).from());
            // Another evaluator skips what the first holds and takes the next sensors.
            assertThat(changes.claim(second, 2)).extracting(Change::sensorId).containsExactly(2, 3);
            first.rollback();
            second.rollback();
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
