package io.coldchain.testkit;

import io.coldchain.embedded.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real PostgreSQL for integration tests, chosen once per JVM:
 * <ol>
 *   <li>{@code COLDCHAIN_TEST_DB_URL} (with {@code COLDCHAIN_TEST_DB_USER}/{@code _PASSWORD}) when set:
 *       that server; each test gets a fresh database on it (the user needs CREATEDB), dropped at exit
 *       unless {@code COLDCHAIN_TEST_DB_KEEP} is {@code true};
 *   <li>else, when a Docker engine answers and {@code COLDCHAIN_TEST_DOCKER} is not {@code false}:
 *       a TimescaleDB container (Testcontainers);
 *   <li>else the embedded zonky PostgreSQL in a temporary directory.
 * </ol>
 */
public final class TestDatabase {
    public enum Kind {
        EXTERNAL,
        CONTAINER,
        EMBEDDED
    }

    private static TestDatabase instance;

    private final Kind kind;
    private final String adminUrl;
    private final String user;
    private final String password;
    private final EmbeddedPostgresServer embedded;
    /** Databases made on an external server, dropped at exit (an embedded or container server goes whole). */
    private final java.util.List<String> created = new java.util.concurrent.CopyOnWriteArrayList<>();

    private TestDatabase(Kind kind, String adminUrl, String user, String password, EmbeddedPostgresServer embedded) {
        this.kind = kind;
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static TestDatabase create() {
        String url = System.getenv("COLDCHAIN_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            TestDatabase external = new TestDatabase(
                    Kind.EXTERNAL,
                    url,
                    env("COLDCHAIN_TEST_DB_USER", "postgres"),
                    env("COLDCHAIN_TEST_DB_PASSWORD", "postgres"),
                    null);
            // Left behind they piled up by the dozen on a developer's server, each with a TimescaleDB
            // scheduler (its background worker limit was exceeded). COLDCHAIN_TEST_DB_KEEP=true keeps them.
            if (!"true".equals(System.getenv("COLDCHAIN_TEST_DB_KEEP"))) {
                Runtime.getRuntime().addShutdownHook(new Thread(external::dropCreated));
            }
            return external;
        }
        if (Docker.available()) {
            PostgreSQLContainer c = new PostgreSQLContainer(
                    DockerImageName.parse("timescale/timescaledb:2.17.2-pg16").asCompatibleSubstituteFor("postgres"));
            c.start();
            return new TestDatabase(Kind.CONTAINER, c.getJdbcUrl(), c.getUsername(), c.getPassword(), null);
        }
        try {
            Path dir = Files.createTempDirectory("coldchain-test-pg");
            // Tests throw their data away: fsync off, said once in the output.
            EmbeddedPostgresServer pg = new EmbeddedPostgresServer(dir.resolve("postgres"), 0, false).start();
            System.out.println(
                    "Test database: embedded PostgreSQL with fsync and synchronous commit OFF (tests opt out of durability)");
            // Stopped and deleted at exit: each test JVM's data directory is a few hundred MB, and left
            // behind they filled the disk of a developer's machine after some dozens of runs.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                pg.close();
                deleteQuietly(dir);
            }));
            return new TestDatabase(
                    Kind.EMBEDDED, pg.adminJdbcUrl(), EmbeddedPostgresServer.USER, pg.superuserPassword(), pg);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    public Kind kind() {
        return kind;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A new, empty database on the test server; returns its JDBC URL. */
    public String newDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
            if (kind == Kind.EXTERNAL) {
                created.add(name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create test database " + name + " on " + adminUrl + ": " + e.getMessage(), e);
        }
        return adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    }

    /** Drops the databases this JVM made on an external server; a failure is said, not thrown (at exit). */
    private void dropCreated() {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                Statement st = c.createStatement()) {
            for (String name : created) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("Test databases " + created + " not dropped from " + adminUrl + ": " + e.getMessage());
        }
    }

    /**
     * Takes the database of {@code jdbcUrl} away from its clients until {@link Outage#end()}. The
     * embedded server is really stopped (connections refused); an external or container server is
     * kept running and the database is closed instead ({@code ALLOW_CONNECTIONS false} and every
     * session terminated), which clients see as the database going down. The latter needs a superuser.
     */
    public Outage outage(String jdbcUrl) {
        if (kind == Kind.EMBEDDED) {
            embedded.stop();
            return embedded::start;
        }
        String db = jdbcUrl.replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
        admin(
                "ALTER DATABASE \"" + db + "\" WITH ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db
                        + "' AND pid <> pg_backend_pid()");
        return () -> admin("ALTER DATABASE \"" + db + "\" WITH ALLOW_CONNECTIONS true");
    }

    private void admin(String... sql) {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test database outage: " + e.getMessage(), e);
        }
    }

    /** A database outage in progress. */
    @FunctionalInterface
    public interface Outage {
        void end();
    }

    /** Whether a Docker engine answers; checked once. */
    static final class Docker {
        private static Boolean available;

        static synchronized boolean available() {
            if (available == null) {
                boolean allowed = !"false".equalsIgnoreCase(System.getenv("COLDCHAIN_TEST_DOCKER"));
                boolean hasSocket =
                        Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null;
                available = allowed && hasSocket && probe();
            }
            return available;
        }

        private static boolean probe() {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("Could not delete the test database directory " + dir + ": " + e);
        }
    }
}
