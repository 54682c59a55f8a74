package io.coldchain.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.db.Database;
import io.coldchain.registry.RegisteredSensors.SensorId;
import io.coldchain.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ingest's bindings kept in memory must answer as the {@code sensors} table does after every committed
 * change: a sensor registered, rebound to another gateway, or removed is seen by the next call, whichever
 * connection made the change; the same sensor id under two tenants stays two sensors.
 */
class GatewayBindingsTest {
    private static HikariDataSource pool;

    @BeforeAll
    static void start() {
        TestDatabase db = TestDatabase.get();
        pool = Database.pool(db.newDatabase("kept_bindings"), db.user(), db.password(), 2, "kept-bindings-test");
        Database.migrate(pool, StorageOptions.defaults());
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void every_committed_change_to_sensors_is_seen_by_the_next_call() throws Exception {
        GatewayBindings kept = new GatewayBindings();
        List<SensorId> asked =
                List.of(new SensorId("acme", "p1"), new SensorId("acme", "p2"), new SensorId("beta", "p1"));
        try (Connection ingest = pool.getConnection();
                Connection registry = pool.getConnection();
                Statement st = registry.createStatement()) {
            st.execute(
                    "INSERT INTO sensors (tenant, sensor, gateway) VALUES ('acme', 'p1', 'gw-a'), ('beta', 'p1', 'gw-b')");
            assertThat(kept.gateways(ingest, asked))
                    .containsOnly(entry(new SensorId("acme", "p1"), "gw-a"), entry(new SensorId("beta", "p1"), "gw-b"));

            st.execute("UPDATE sensors SET gateway = 'gw-a2' WHERE tenant = 'acme' AND sensor = 'p1'");
            st.execute("INSERT INTO sensors (tenant, sensor, gateway) VALUES ('acme', 'p2', 'gw-a')");
            assertThat(kept.gateways(ingest, asked))
                    .containsOnly(
                            entry(new SensorId("acme", "p1"), "gw-a2"),
                            entry(new SensorId("acme", "p2"), "gw-a"),
                            entry(new SensorId("beta", "p1"), "gw-b"));

            st.execute("DELETE FROM sensors WHERE tenant = 'beta' AND sensor = 'p1'");
            assertThat(kept.gateways(ingest, asked))
                    .containsOnly(
                            entry(new SensorId("acme", "p1"), "gw-a2"), entry(new SensorId("acme", "p2"), "gw-a"));

            // Not committed yet: not seen (the table's own answer in this snapshot), then seen once committed.
            registry.setAutoCommit(false);
            st.execute("UPDATE sensors SET gateway = 'gw-x' WHERE tenant = 'acme' AND sensor = 'p2'");
            assertThat(kept.gateways(ingest, asked)).contains(entry(new SensorId("acme", "p2"), "gw-a"));
            registry.commit();
            assertThat(kept.gateways(ingest, asked)).contains(entry(new SensorId("acme", "p2"), "gw-x"));
            assertThat(kept.gateways(ingest, List.of())).isEmpty();
        }
    }
}
