package io.coldchain.embedded;

import io.coldchain.embedded.postgres.OrphanPostmaster;
import io.coldchain.embedded.postgres.PostgresCredentials;
import io.coldchain.embedded.postgres.PostgresSecurity;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started from the zonky binaries, its data in a directory that survives
 * restarts (initdb only runs the first time). Used by {@code run} without {@code COLDCHAIN_DB_URL}
 * and by the tests.
 *
 * <p>Durable by default: {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} are
 * set on explicitly ({@link #builder}), overriding the library's test-oriented defaults, so a commit
 * the backend acknowledges survives a power cut ({@code EmbeddedPostgresServerTest} reads them back
 * with {@code SHOW}). Only tests and benchmarks opt out, and say so.
 *
 * <p>Secured: passwords generated once (kept in {@code <data dir>.credentials}, mode 600), SCRAM
 * authentication, loopback only, and the backend connects as {@link #APP_USER}, not a superuser.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** The superuser: for setting the server up and for tests, never for the backend's pool. */
    public static final String USER = "postgres";

    public static final String APP_USER = PostgresSecurity.APP_ROLE;
    /** Crash recovery after a kill can replay up to max_wal_size of WAL: zonky's 10 s is not enough. */
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(3);

    private static final int START_ATTEMPTS = 3;

    private final Path dataDir;
    private final int requestedPort;
    private final boolean durable;
    private final PostgresCredentials credentials;
    private EmbeddedPostgres pg;
    /** zonky stops the server in a JVM shutdown hook of its own unless told the caller does. */
    private boolean stopOnJvmExit = true;

    /** A durable server (fsync and synchronous commit on), as {@code run} and {@code demo} use. */
    public EmbeddedPostgresServer(Path dataDir, int port) {
        this(dataDir, port, true);
    }

    /**
     * @param durable false only for tests and benchmarks that throw their data away: fsync and
     *     synchronous commit off, so a crash of the machine may lose acknowledged commits
     */
    public EmbeddedPostgresServer(Path dataDir, int port, boolean durable) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.requestedPort = port;
        this.durable = durable;
        this.credentials = PostgresCredentials.loadOrCreate(
                this.dataDir.resolveSibling(this.dataDir.getFileName() + ".credentials"));
    }

    /**
     * The caller stops this server itself, at the end of its own shutdown (the backend drains its
     * in-flight batches first). Without this, zonky's shutdown hook would stop PostgreSQL at the same
     * moment as the backend's hook starts draining, and the last commits would fail.
     */
    public synchronized EmbeddedPostgresServer stoppedByCaller() {
        this.stopOnJvmExit = false;
        return this;
    }

    public synchronized EmbeddedPostgresServer start() {
        int port = pg != null ? pg.getPort() : requestedPort;
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                Files.createDirectories(dataDir);
                // A server of a killed process may still hold the directory (or have left a stale pid file).
                OrphanPostmaster.clear(dataDir);
                pg = builder(port).start();
                try (Connection c = pg.getPostgresDatabase().getConnection()) {
                    PostgresSecurity.apply(c, dataDir, credentials);
                }
                LOG.info(
                        "Embedded PostgreSQL on 127.0.0.1:{}, data in {}, {}",
                        pg.getPort(),
                        dataDir,
                        durable
                                ? "durable (fsync and synchronous commit on)"
                                : "NOT durable (fsync off: tests and benchmarks only)");
                return this;
            } catch (IOException | SQLException | RuntimeException e) {
                last = new IllegalStateException(
                        "Embedded PostgreSQL did not start (data dir " + dataDir + ", attempt " + attempt + " of "
                                + START_ATTEMPTS + "): " + e.getMessage(),
                        e);
                LOG.warn("{}", last.getMessage());
            }
        }
        throw last;
    }

    private EmbeddedPostgres.Builder builder(int port) {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(STARTUP_WAIT)
                .setRegisterShutdownHook(stopOnJvmExit)
                // zonky's own connections (start-up check, admin) authenticate like everyone else.
                .setConnectConfig("password", credentials.superuserPassword())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("password_encryption", "scram-sha-256")
                // Readings are written in large batches: let checkpoints breathe.
                .setServerConfig("max_wal_size", "2GB")
                .setServerConfig("shared_buffers", "256MB");
        // Set explicitly either way: a later -c wins over the library's own start flags.
        String onOff = durable ? "on" : "off";
        return b.setServerConfig("fsync", onOff)
                .setServerConfig("synchronous_commit", onOff)
                .setServerConfig("full_page_writes", onOff);
    }

    public int port() {
        return pg.getPort();
    }

    public boolean durable() {
        return durable;
    }

    /** The application role's password: what the backend's pool connects with. */
    public String appPassword() {
        return credentials.appPassword();
    }

    /** The superuser's password, for test harnesses that create databases. */
    public String superuserPassword() {
        return credentials.superuserPassword();
    }

    /**
     * A JDBC URL for a database on this server owned by {@link #APP_USER}, creating the database if
     * needed (and handing an older one, made by the superuser, over to that role).
     */
    public String jdbcUrl(String database) {
        String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + database;
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            PostgresSecurity.ensureDatabase(c, database);
            try (Connection onDb = DriverManager.getConnection(url, USER, credentials.superuserPassword())) {
                PostgresSecurity.adoptObjects(onDb);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare database " + database + ": " + e.getMessage(), e);
        }
        return url;
    }

    /** The superuser's JDBC URL of the maintenance database {@code postgres}, for test harnesses. */
    public String adminJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
    }

    /** Stops the server; {@link #start()} brings it back on the same port and data. */
    public synchronized void stop() {
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
