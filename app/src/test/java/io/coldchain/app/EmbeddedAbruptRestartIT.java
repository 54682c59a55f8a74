package io.coldchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.api.TokenService;
import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.config.ConfigLoader;
import io.coldchain.embedded.EmbeddedPostgresServer;
import io.coldchain.embedded.postgres.OrphanPostmaster;
import io.coldchain.testkit.ResendingGateway;
import io.coldchain.testkit.TestBroker;
import io.coldchain.testkit.TestCredentials;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * "A crash at any point loses nothing" on the embedded default (the broker and PostgreSQL in the
 * backend's own process tree, as {@code run} starts them): gateways publish at QoS 1 and re-send
 * only what was not acknowledged; the backend is killed with SIGKILL mid-stream (its PostgreSQL
 * child keeps running, as after a real crash) and started again on the same data directory and
 * ports. Every reading a gateway was told was received must be stored, exactly once.
 */
class EmbeddedAbruptRestartIT {

    @Test
    void sigkill_on_the_embedded_default_loses_no_acknowledged_reading() throws Exception {
        Path dataDir = Files.createTempDirectory("coldchain-embedded-restart");
        int mqttPort = TestBroker.freePort();
        int dbPort = TestBroker.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("COLDCHAIN_DATA_DIR", dataDir.toString());
        env.put("COLDCHAIN_MQTT_PORT", Integer.toString(mqttPort));
        env.put("COLDCHAIN_MQTT_BIND", "127.0.0.1");
        env.put("COLDCHAIN_DB_EMBEDDED_PORT", Integer.toString(dbPort));
        env.put("COLDCHAIN_HTTP_HOST", "127.0.0.1");
        // A known signing key, so that the test can issue the gateways' MQTT credentials as an admin.
        String secret = "embedded-abrupt-restart-test-secret-0123456789";
        env.put("COLDCHAIN_AUTH_JWT_SECRET", secret);
        Path log = dataDir.resolve("backend.log");
        String broker = "tcp://127.0.0.1:" + mqttPort;
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));

        int httpPort = TestBroker.freePort();
        BackendProcess first = BackendProcess.start(env, httpPort, log);
        BackendProcess second = null;
        List<ResendingGateway> gateways = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            System.out.println("backend healthy after "
                    + first.awaitHealthy(Duration.ofSeconds(120)).toMillis() + " ms");
            for (int g = 0; g < 4; g++) {
                ResendingGateway gw = new ResendingGateway(
                                broker, "crash", "truck-" + g, 400, 10, t0, Duration.ofMinutes(4))
                        .withLogin(TestCredentials.gateway(
                                "http://127.0.0.1:" + httpPort, adminToken(dataDir, secret), "crash", "truck-" + g));
                gateways.add(gw);
                Thread t = new Thread(gw, "gateway-" + g);
                threads.add(t);
                t.start();
            }
            long total = gateways.stream().mapToLong(ResendingGateway::readings).sum();
            int messages = 4 * 400;
            await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged(gateways) >= messages / 3);
            int ackedBeforeKill = acknowledged(gateways);
            first.kill();
            System.out.println(
                    "killed with SIGKILL after " + ackedBeforeKill + " of " + messages + " messages acknowledged");

            second = BackendProcess.start(env, TestBroker.freePort(), log);
            System.out.println("restarted backend healthy after "
                    + second.awaitHealthy(Duration.ofSeconds(240)).toMillis() + " ms");
            for (Thread t : threads) {
                t.join(Duration.ofMinutes(5).toMillis());
            }
            for (ResendingGateway gw : gateways) {
                assertThat(gw.failure()).as("gateway failure").isNull();
            }
            assertThat(acknowledged(gateways)).isEqualTo(messages);
            System.out.println("messages sent again after a failure: "
                    + gateways.stream().mapToInt(g -> g.resent()).sum());

            String jdbc = "jdbc:postgresql://127.0.0.1:" + dbPort + "/coldchain";
            String password = appPassword(dataDir);
            assertThat(count(jdbc, password, "SELECT count(*) FROM reading_log WHERE tenant = 'crash'"))
                    .isEqualTo(total);
            assertThat(
                            count(
                                    jdbc,
                                    password,
                                    "SELECT count(*) FROM (SELECT DISTINCT sensor, ts FROM reading_log WHERE tenant = 'crash') x"))
                    .isEqualTo(total);
            assertThat(count(jdbc, password, "SELECT count(*) FROM rejected_messages"))
                    .isZero();
            assertThat(count(jdbc, password, "SELECT count(*) FROM reading_conflicts"))
                    .isZero();
            assertThat(second.terminate(Duration.ofSeconds(60)))
                    .as("SIGTERM drains and exits cleanly")
                    .isIn(0, 143);
            assertThat(Files.readString(log)).contains("Coldchain stopped").doesNotContain(password);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
            // Whatever happened, no PostgreSQL of this test outlives it.
            OrphanPostmaster.clear(dataDir.resolve("postgres"));
        }
    }

    private static int acknowledged(List<ResendingGateway> gateways) {
        return gateways.stream().mapToInt(g -> g.acknowledged()).sum();
    }

    static String appPassword(Path dataDir) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dataDir.resolve("postgres.credentials"))) {
            p.load(r);
        }
        return p.getProperty("app");
    }

    private static long count(String jdbc, String password, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, EmbeddedPostgresServer.APP_USER, password);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String adminToken(Path dataDir, String secret) {
        ColdchainConfig config = ConfigLoader.load(
                Map.of("data.dir", dataDir.toString(), "auth.jwt.secret", secret), Map.of(), Optional.empty());
        return new TokenService(config.auth(), config.dataDir())
                .issue("crash", "admin", Optional.empty(), Duration.ofHours(1));
    }
}
