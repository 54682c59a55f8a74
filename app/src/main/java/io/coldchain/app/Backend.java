package io.coldchain.app;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.alerting.eval.AlertingVerticle;
import io.coldchain.alerting.notify.NotificationVerticle;
import io.coldchain.alerting.notify.OutboxStore;
import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.config.ListenerExposure;
import io.coldchain.core.config.MqttOptions;
import io.coldchain.core.credential.MqttCredentialEvents;
import io.coldchain.core.credential.MqttCredentialVerifier;
import io.coldchain.core.db.Database;
import io.coldchain.core.db.TimescaleSetup;
import io.coldchain.core.edge.IngestSlot;
import io.coldchain.core.error.SecretMask;
import io.coldchain.embedded.EmbeddedBroker;
import io.coldchain.embedded.EmbeddedPostgresServer;
import io.coldchain.embedded.broker.BackendLogin;
import io.coldchain.embedded.broker.BrokerSecurity;
import io.coldchain.ingest.edge.WriterIngest;
import io.coldchain.ingest.mqtt.MosquittoDynamicSecurity;
import io.coldchain.ingest.mqtt.MqttIngestVerticle;
import io.coldchain.ingest.store.ShareGroupMembership;
import io.coldchain.ingest.write.BatchWriter;
import io.coldchain.ingest.write.IngestMetrics;
import io.coldchain.ingest.write.ReadingWriterVerticle;
import io.coldchain.registry.credential.MqttCredentialStore;
import io.coldchain.registry.credential.PasswordHasher;
import io.coldchain.registry.credential.StoredCredentialVerifier;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole backend in one process: wires configuration, embedded servers (when no external
 * ones are configured), the pool and the verticles. No business logic lives here.
 *
 * <p>Start order: database (and schema), broker, writer, HTTP, MQTT consumer last, so that
 * nothing is consumed before it can be stored. The embedded broker starts beside the database and
 * checks logins against the credential store: until the store is ready it refuses every tenant
 * login with CONNACK 0x88 (server unavailable), so nobody gets in unchecked. The backend's own
 * clients log in with a {@link BackendLogin} generated at each start and kept in memory. Stop order is the reverse, and the MQTT verticle
 * drains the writer before it disconnects.
 */
public final class Backend implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Backend.class);

    private final ColdchainConfig config;
    /** The backend's MQTT side: the configuration's, with the generated login when the broker is embedded. */
    private final MqttOptions mqtt;

    private final BackendLogin backendLogin;
    /** The credential store, once the database is migrated; the embedded broker refuses tenant logins until then. */
    private final AtomicReference<MqttCredentialVerifier> credentials = new AtomicReference<>();

    private MqttCredentialEvents credentialEvents = MqttCredentialEvents.NONE;
    private EmbeddedPostgresServer embeddedDb;
    private EmbeddedBroker embeddedBroker;
    /** The embedded broker's way into ingest: attached once the writer runs, detached before it stops. */
    private final IngestSlot inProcess = new IngestSlot();

    private HikariDataSource pool;
    private Vertx vertx;
    private PrometheusMeterRegistry registry;
    private IngestMetrics metrics;
    private final List<MqttIngestVerticle> consumers = new ArrayList<>();
    private NotificationVerticle notifier;
    private final List<String> mqttDeployments = new ArrayList<>();
    private TimescaleSetup.Result storage;
    private String jdbcUrl;
    private String dbUser;
    private String dbPassword;
    private ShareGroupMembership membership;
    private MosquittoDynamicSecurity dynsec;
    private int httpPort;

    public Backend(ColdchainConfig config) {
        this.config = config;
        this.backendLogin = BackendLogin.generate(config.mqtt().clientId());
        this.mqtt = config.mqtt().embedded()
                ? config.mqtt().withLogin(backendLogin.username(), backendLogin.password())
                : config.mqtt();
    }

    public Backend start() {
        long t0 = System.nanoTime();
        ListenerExposure.warnings(config).forEach(LOG::warn);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        metrics = new IngestMetrics(registry);

        // The embedded broker and database start side by side: together they are most of start-up.
        CompletableFuture<Void> broker = CompletableFuture.runAsync(this::startBroker);
        try {
            startDatabase();
            broker.join();
        } catch (RuntimeException e) {
            broker.handle((v, t) -> null).join();
            close();
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException r ? r : e;
        }

        if (config.mqtt().dynsec()) {
            // Before any of our own connections: it creates the backend's client and role in the broker.
            try {
                dynsec = new MosquittoDynamicSecurity(config.mqtt()).start();
                credentialEvents = dynsec;
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
        if (config.mqtt().shared()) {
            // Known to the other instances of the share group, so that a graceful stop can tell whether it may leave
            // it.
            membership = new ShareGroupMembership(
                    () -> java.sql.DriverManager.getConnection(jdbcUrl, dbUser, dbPassword),
                    config.mqtt().shareGroup());
            try {
                membership.join();
            } catch (java.sql.SQLException e) {
                close();
                throw new IllegalStateException(
                        "Cannot register in share group '" + config.mqtt().shareGroup() + "' at " + jdbcUrl + ": "
                                + e.getMessage(),
                        e);
            }
        }
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        if (membership != null) {
            ShareGroupMembership m = membership;
            vertx.setPeriodic(
                    30_000,
                    id -> vertx.executeBlocking(
                            () -> {
                                m.refresh();
                                return null;
                            },
                            false));
        }
        ReadingWriterVerticle.registerCodec(vertx);
        if (config.mqtt().embedded()) {
            // Readings come in-process from the embedded broker; one connection takes gateway status.
            consumers.add(new MqttIngestVerticle(mqtt, 0, metrics, Clock.systemUTC(), true));
        } else {
            for (int i = 0; i < config.mqtt().consumers(); i++) {
                consumers.add(new MqttIngestVerticle(mqtt, i, metrics, Clock.systemUTC()));
            }
        }
        notifier = new NotificationVerticle(pool, mqtt, config.notifications(), registry);
        Future<String> deployed = vertx.deployVerticle(
                        new ReadingWriterVerticle(new BatchWriter(pool), config.ingest(), metrics))
                // Alerting next to the writer (it drains what the writer queues), the notifier behind it.
                .compose(id -> vertx.deployVerticle(notifier))
                .compose(id -> vertx.deployVerticle(new AlertingVerticle(
                        pool, config.alerting(), new OutboxStore()::append, registry, Clock.systemUTC())))
                .compose(id -> HttpWiring.deploy(
                        vertx, config, pool, registry, this::brokerConnected, storage.detail(), credentialEvents))
                .onSuccess(port -> httpPort = port)
                .compose(port -> RecordsWiring.deploy(vertx, config, pool, registry))
                .onSuccess(port -> {
                    if (config.mqtt().embedded()) {
                        inProcess.attach(new WriterIngest(vertx, metrics, Clock.systemUTC()));
                    }
                })
                .compose(port -> Future.all(consumers.stream()
                        .map(c -> vertx.deployVerticle(c).onSuccess(mqttDeployments::add))
                        .toList()))
                .map("");
        try {
            deployed.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(cause.getMessage(), cause);
        }
        LOG.info(
                "Coldchain ready in {} ms: HTTP on port {}, MQTT {}, database {}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                httpPort,
                SecretMask.mask(config.mqtt().brokerUrl()),
                SecretMask.mask(jdbcUrl));
        return this;
    }

    private void startDatabase() {
        String user = config.db().user();
        String password = config.db().password();
        if (config.db().embedded()) {
            embeddedDb = new EmbeddedPostgresServer(
                            config.dataDir().resolve("postgres"),
                            config.db().embeddedPort(),
                            config.db().embeddedDurable())
                    .stoppedByCaller()
                    .start();
            jdbcUrl = embeddedDb.jdbcUrl("coldchain");
            // The application role, not the superuser: it owns the coldchain database and nothing else.
            user = EmbeddedPostgresServer.APP_USER;
            password = embeddedDb.appPassword();
        } else {
            jdbcUrl = config.db().url().orElseThrow();
        }
        dbUser = user;
        dbPassword = password;
        pool = Database.pool(jdbcUrl, user, password, config.db().poolSize(), "coldchain");
        try {
            storage = Database.migrate(pool, config.storage());
            FirstUser.ensure(pool);
            credentials.set(new StoredCredentialVerifier(
                    pool, new MqttCredentialStore(), new PasswordHasher(), Clock.systemUTC()));
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    SecretMask.mask("Database at " + jdbcUrl + " is not usable: " + rootMessage(e))
                            + (config.db().embedded()
                                    ? ""
                                    : " (check COLDCHAIN_DB_URL, COLDCHAIN_DB_USER, COLDCHAIN_DB_PASSWORD)"),
                    e);
        }
    }

    private void startBroker() {
        if (config.mqtt().embedded()) {
            MqttCredentialVerifier whenReady = (username, password) -> {
                MqttCredentialVerifier store = credentials.get();
                if (store == null) {
                    throw new IllegalStateException("the credential store is not ready yet");
                }
                return store.verify(username, password);
            };
            BrokerSecurity security = new BrokerSecurity(whenReady, backendLogin, registry);
            credentialEvents = security;
            embeddedBroker = new EmbeddedBroker(
                            config.dataDir().resolve("broker"),
                            config.mqtt().embeddedBind(),
                            config.mqtt().embeddedPort(),
                            config.mqtt().embeddedTls(),
                            inProcess,
                            Optional.of(security),
                            registry)
                    .start();
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * Starts the backend, runs {@code whileRunning} and blocks until SIGTERM/SIGINT, whose hook
     * drains and stops everything (used by {@code run} and {@code demo}).
     */
    static void runUntilStopped(ColdchainConfig config, java.util.function.Consumer<Backend> whileRunning)
            throws InterruptedException {
        Backend backend = new Backend(config).start();
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            backend.close();
                            stopped.countDown();
                        },
                        "coldchain-shutdown"));
        whileRunning.accept(backend);
        stopped.await();
    }

    /**
     * Ingest as it is: the consumer connections (and, on the embedded broker, the in-process path).
     * The alert publisher's connection is not part of it: it reconnects on its own, and readings are
     * stored meanwhile (its outbox keeps the events), so /health must not report ingest down for it.
     */
    private boolean brokerConnected() {
        return !consumers.isEmpty()
                && consumers.stream().allMatch(MqttIngestVerticle::connected)
                && (!config.mqtt().embedded() || inProcess.attached());
    }

    /** The embedded PostgreSQL, if this backend started one (tests take it away to stage an outage). */
    EmbeddedPostgresServer embeddedDatabase() {
        return embeddedDb;
    }

    /**
     * Where issued, rotated and revoked MQTT credentials are reported: the embedded broker's security
     * (which disconnects revoked clients), Mosquitto's dynamic security when configured
     * (mqtt.dynsec.username), else nobody.
     */
    public MqttCredentialEvents mqttCredentialEvents() {
        return credentialEvents;
    }

    public int httpPort() {
        return httpPort;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public HikariDataSource pool() {
        return pool;
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The backend's own MQTT options: with the embedded broker, they carry its generated login (never print them). */
    public MqttOptions mqtt() {
        return mqtt;
    }

    public ColdchainConfig config() {
        return config;
    }

    public TimescaleSetup.Result storage() {
        return storage;
    }

    /** Drains in-flight batches, then stops everything in reverse order. */
    @Override
    public synchronized void close() {
        // New gateway messages are refused (their senders disconnected, to send again after the
        // restart); those already handed over are committed and acknowledged by the writer's drain.
        inProcess.detach();
        if (vertx != null) {
            if (membership != null && !mqttDeployments.isEmpty()) {
                boolean leave = membership.leaveIfOthersRemain();
                consumers.forEach(c -> c.leaveOnStop(leave));
            }
            try {
                Future.all(mqttDeployments.stream().map(vertx::undeploy).toList())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Vert.x did not stop cleanly: {}", e.getMessage());
            }
            vertx = null;
        }
        if (membership != null) {
            membership.close();
            membership = null;
        }
        if (dynsec != null) {
            dynsec.close();
            dynsec = null;
        }
        if (pool != null) {
            pool.close();
            pool = null;
        }
        if (embeddedBroker != null) {
            embeddedBroker.close();
            embeddedBroker = null;
        }
        if (embeddedDb != null) {
            embeddedDb.close();
            embeddedDb = null;
        }
        LOG.info("Coldchain stopped");
    }
}
