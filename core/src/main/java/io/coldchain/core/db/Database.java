package io.coldchain.core.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.StorageOptions;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the connection pool and brings the schema up to date: numbered Flyway migrations
 * ({@code db/migration/V*__*.sql}), then the optional TimescaleDB setup.
 */
public final class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private Database() {}

    public static HikariDataSource pool(String url, String user, String password, int size, String name) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(Math.min(2, size));
        hc.setPoolName(name);
        // Fail a checkout quickly while the database is down: the writer retries with backoff
        // instead of holding threads for Hikari's default 30 s.
        hc.setConnectionTimeout(5_000);
        hc.setValidationTimeout(2_000);
        // Start even when the database is briefly unavailable; the health check reports it.
        hc.setInitializationFailTimeout(-1);
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(hc);
    }

    /** Applies pending migrations and the TimescaleDB setup; returns what storage mode is in force. */
    public static TimescaleSetup.Result migrate(DataSource ds, StorageOptions storage) {
        Flyway flyway = Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load();
        var result = flyway.migrate();
        var current = flyway.info().current();
        LOG.info(
                "Schema at version {} ({} migrations applied now)",
                current == null ? "none" : current.getVersion(),
                result.migrationsExecuted);
        return new TimescaleSetup(ds, storage).apply();
    }
}
