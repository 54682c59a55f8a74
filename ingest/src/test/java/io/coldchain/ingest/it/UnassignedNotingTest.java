package io.coldchain.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.config.StorageOptions.TimescaleMode;
import io.coldchain.core.db.Database;
import io.coldchain.core.model.Reading;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two writers meeting the same new unregistered sensor: one writes its row, the other does not wait
 * for that transaction; a rolled-back row is written by the next batch.
 */
class UnassignedNotingTest {
    private static HikariDataSource ds;

    @BeforeAll
    static void start() {
        TestDatabase db = TestDatabase.get();
        ds = Database.pool(db.newDatabase("unassigned"), db.user(), db.password(), 4, "unassigned-test");
        Database.migrate(ds, new StorageOptions(TimescaleMode.OFF, Duration.ofDays(7), Duration.ofDays(800)));
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    @Test
    void a_second_writer_skips_a_row_the_first_is_writing_and_a_rolled_back_row_is_due_again() throws Exception {
        ReadingStore store = new ReadingStore();
        Instant now = Instant.now();
        Reading r = new Reading("acme", "gw-9", "new-probe", now, 4.0, null, null, null, null, now);
        try (Connection first = ds.getConnection();
                Connection second = ds.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            assertThat(store.noteUnassigned(first, List.of(r))).containsExactly(r);
            // Before, the second writer's upsert waited on the first's row lock until it committed.
            List<Reading> byTheSecond = CompletableFuture.supplyAsync(() -> {
                        try {
                            return store.noteUnassigned(second, List.of(r));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .get(5, TimeUnit.SECONDS);
            assertThat(byTheSecond).isEmpty();
            second.commit();

            first.rollback();
            store.unassignedRolledBack(List.of(r));
            List<Reading> again = store.noteUnassigned(second, List.of(r));
            assertThat(again).as("due again after the rollback").containsExactly(r);
            second.commit();
            store.unassignedCommitted(again);
            assertThat(store.noteUnassigned(second, List.of(r)))
                    .as("noted a moment ago")
                    .isEmpty();
            try (Statement st = second.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT count(*) FROM unassigned_sensors WHERE tenant = 'acme' AND sensor = 'new-probe'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            second.commit();
        }
    }
}
