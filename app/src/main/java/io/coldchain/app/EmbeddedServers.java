package io.coldchain.app;

import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.config.MqttOptions;
import io.coldchain.core.credential.MqttCredentialEvents;
import io.coldchain.core.credential.MqttCredentialVerifier;
import io.coldchain.core.edge.IngestSlot;
import io.coldchain.embedded.EmbeddedBroker;
import io.coldchain.embedded.EmbeddedPostgresServer;
import io.coldchain.embedded.broker.BackendLogin;
import io.coldchain.embedded.broker.BrokerSecurity;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The embedded PostgreSQL and MQTT broker of {@code run} on its defaults. The only class on the
 * backend's run path that touches the embedded module: {@link Backend} creates it only when the
 * configuration names no external database or broker, so the server jar (built without the embedded
 * module, see app/README.md) never loads it.
 */
final class EmbeddedServers implements AutoCloseable {
    /** Where the backend connects and as whom. */
    record DatabaseLogin(String jdbcUrl, String user, String password) {
        @Override
        public String toString() {
            return "DatabaseLogin[" + jdbcUrl + ", " + user + "]";
        }
    }

    private final ColdchainConfig config;
    private final BackendLogin backendLogin;
    private EmbeddedPostgresServer database;
    private EmbeddedBroker broker;

    EmbeddedServers(ColdchainConfig config) {
        this.config = config;
        this.backendLogin = BackendLogin.generate(config.mqtt().clientId());
    }

    /** The backend's MQTT options with the login it is given on the embedded broker (never print them). */
    MqttOptions backendMqtt() {
        return config.mqtt().withLogin(backendLogin.username(), backendLogin.password());
    }

    /** Starts PostgreSQL in the data directory; the backend logs in as the application role, not the superuser. */
    DatabaseLogin startDatabase() {
        database = new EmbeddedPostgresServer(
                        config.dataDir().resolve("postgres"),
                        config.db().embeddedPort(),
                        config.db().embeddedDurable())
                .stoppedByCaller()
                .start();
        return new DatabaseLogin(
                database.jdbcUrl("coldchain"), EmbeddedPostgresServer.APP_USER, database.appPassword());
    }

    /**
     * Starts the broker, which asks {@code credentials} for tenant logins (refused while it answers
     * null: the credential store is not ready) and hands readings to {@code inProcess}. Returns whom
     * to tell of credential changes (the broker's security, which disconnects revoked clients).
     */
    MqttCredentialEvents startBroker(
            Supplier<MqttCredentialVerifier> credentials, IngestSlot inProcess, MeterRegistry registry) {
        MqttCredentialVerifier whenReady = (username, password) -> {
            MqttCredentialVerifier store = credentials.get();
            if (store == null) {
                throw new IllegalStateException("the credential store is not ready yet");
            }
            return store.verify(username, password);
        };
        BrokerSecurity security = new BrokerSecurity(whenReady, backendLogin, registry);
        broker = new EmbeddedBroker(
                        config.dataDir().resolve("broker"),
                        config.mqtt().embeddedBind(),
                        config.mqtt().embeddedPort(),
                        config.mqtt().embeddedTls(),
                        inProcess,
                        Optional.of(security),
                        registry)
                .start();
        return security;
    }

    /** The embedded PostgreSQL, once started (tests take it away to stage an outage). */
    EmbeddedPostgresServer database() {
        return database;
    }

    /** The broker first (no new readings), then the database. */
    @Override
    public void close() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
