package io.coldchain.registry;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The gateway binding ingest checks every batch against: one batch may name several tenants' sensors,
 * the same sensor id under two tenants is two sensors, and an unregistered one has no binding.
 */
class RegisteredSensorsTest {
    private static HikariDataSource pool;

    @BeforeAll
    static void start() {
        TestDatabase db = TestDatabase.get();
        pool = Database.pool(db.newDatabase("bindings"), db.user(), db.password(), 2, "bindings-test");
        Database.migrate(pool, StorageOptions.defaults());
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void bindings_of_several_tenants_in_one_call_each_under_its_own_tenant() throws Exception {
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO sensors (tenant, sensor, gateway) VALUES "
                    + "('acme', 'p1', 'gw-a'), ('acme', 'p2', 'gw-a'), ('beta', 'p1', 'gw-b')");
            RegisteredSensors registered = new RegisteredSensors();
            assertThat(registered.gateways(
                            c,
                            List.of(
                                    new SensorId("acme", "p1"),
                                    new SensorId("beta", "p1"),
                                    new SensorId("acme", "unknown"),
                                    new SensorId("gamma", "p2"))))
                    .containsOnly(
                            org.assertj.core.api.Assertions.entry(new SensorId("acme", "p1"), "gw-a"),
                            org.assertj.core.api.Assertions.entry(new SensorId("beta", "p1"), "gw-b"));
            assertThat(registered.gateways(c, List.of())).isEmpty();
        }
    }
}
