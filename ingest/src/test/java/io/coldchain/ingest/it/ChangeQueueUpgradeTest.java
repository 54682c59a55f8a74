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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * An upgrade that changes how the alerting queue is stored (V26) loses nothing queued: batches queued
 * by the previous version, not yet evaluated, are evaluated after it, to the microsecond.
 */
class ChangeQueueUpgradeTest {

    @Test
    void batches_queued_before_the_upgrade_are_claimed_after_it() throws Exception {
        TestDatabase db = TestDatabase.get();
        try (HikariDataSource ds = Database.pool(db.newDatabase("upgrade"), db.user(), db.password(), 2, "upgrade")) {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .target("25")
                    .load()
                    .migrate();
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement()) {
                // Two batches as the previous version queued them: aligned arrays, one complete with its summary.
                st.execute("INSERT INTO reading_change_sets (sensor_ids, from_us, to_us, sensors, min_c, max_c, "
                        + "gap_ms, received_from) VALUES ('{7,8}', '{1796032800000001,1796032860000000}', "
                        + "'{1796032800000001,1796032920000007}', 2, '{4.5,3}', '{4.5,9.25}', '{0,60000}', now())");
                st.execute("INSERT INTO reading_change_sets (sensor_ids, from_us, to_us, sensors) "
                        + "VALUES ('{8}', '{1796032700000000}', '{1796032700000000}', 1)");
            }

            Database.migrate(ds, new StorageOptions(TimescaleMode.OFF, Duration.ofDays(7), Duration.ofDays(800)));

            ReadingChangeStore changes = new ReadingChangeStore();
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                assertThat(changes.backlog(c)).isEqualTo(3);
                Claim claim = changes.claim(c, 50, 50);
                assertThat(claim.bySensor()).containsOnlyKeys(7, 8);
                assertThat(claim.bySensor().get(7).from()).isEqualTo(micros(1796032800000001L));
                assertThat(claim.bySensor().get(7).to()).isEqualTo(micros(1796032800000001L));
                assertThat(claim.bySensor().get(8).from()).isEqualTo(micros(1796032700000000L));
                assertThat(claim.bySensor().get(8).to()).isEqualTo(micros(1796032920000007L));
                // Moved as plain ranges: read back when evaluated, as the registry's changes are.
                assertThat(claim.bySensor().values())
                        .allSatisfy(ch -> assertThat(ch.summary()).isNull());
                changes.delete(c, claim);
                c.commit();
                assertThat(changes.backlog(c)).isZero();
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT count(*) FROM reading_change_sets")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }

    private static Instant micros(long unixMicros) {
        return Instant.ofEpochSecond(unixMicros / 1_000_000L, (unixMicros % 1_000_000L) * 1_000L);
    }
}
