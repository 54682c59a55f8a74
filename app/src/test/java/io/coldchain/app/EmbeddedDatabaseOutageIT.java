package io.coldchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.api.TokenService;
import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.config.ConfigLoader;
import io.coldchain.embedded.EmbeddedPostgresServer;
import io.coldchain.testkit.ResendingGateway;
import io.coldchain.testkit.TestBroker;
import io.coldchain.testkit.TestCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The embedded default with its PostgreSQL stopped for a minute in the middle of a stream: the
 * gateways' messages wait (no PUBACK while nothing can be stored; after the broker's commit wait
 * they are disconnected and send again), nothing is lost, and writes resume within a few seconds
 * of the database's return.
 */
class EmbeddedDatabaseOutageIT {

    @Test
    void a_minute_without_the_database_loses_nothing_and_writes_resume_within_seconds() throws Exception {
        Path dataDir = Files.createTempDirectory("coldchain-embedded-outage");
        ColdchainConfig config = ConfigLoader.load(
                Map.of(
                        "data.dir",
                        dataDir.toString(),
                        "mqtt.port",
                        Integer.toString(TestBroker.freePort()),
                        "mqtt.bind",
                        "127.0.0.1",
                        "http.port",
                        "0",
                        "http.host",
                        "127.0.0.1"),
                Map.of(),
                Optional.empty());
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
        try (Backend backend = new Backend(config).start()) {
            String broker = config.mqtt().brokerUrl();
            List<ResendingGateway> gateways = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int g = 0; g < 3; g++) {
                ResendingGateway gw = new ResendingGateway(
                                broker, "away", "van-" + g, 300, 10, t0, Duration.ofMinutes(5))
                        .withLogin(TestCredentials.gateway(
                                "http://127.0.0.1:" + backend.httpPort(),
                                new TokenService(config.auth(), config.dataDir())
                                        .issue("away", "admin", Optional.empty(), Duration.ofHours(1)),
                                "away",
                                "van-" + g));
                gateways.add(gw);
                Thread t = new Thread(gw, "gateway-" + g);
                threads.add(t);
                t.start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged(gateways) >= 100);
            EmbeddedPostgresServer db = backend.embeddedDatabase();
            db.stop();
            long stoppedAt = System.nanoTime();
            // The minute away is a timed outage, not a wait for a condition. A PUBACK for a commit made
            // just before the stop may still be on its way: the count starts a few seconds in.
            Thread.sleep(5_000);
            int ackedWhenStopped = acknowledged(gateways);
            System.out.println("database stopped; " + ackedWhenStopped + " messages acknowledged by then");
            Thread.sleep(55_000);
            int ackedWhileAway = acknowledged(gateways) - ackedWhenStopped;
            double acceptedBefore = backend.metrics().count("coldchain.ingest.readings.accepted");
            db.start();
            long back = System.nanoTime();
            System.out.printf(
                    "database back after %d s; %d messages acknowledged while it was away%n",
                    Duration.ofNanos(back - stoppedAt).toSeconds(), ackedWhileAway);
            // At most: the pool's reconnect backoff (HikariCP caps it at 5 s) + the writer's retry pause
            // (ingest.retry.max, 2 s) + a connect. It was 16 s and more with the old 30 s retry cap.
            await().atMost(Duration.ofSeconds(8))
                    .until(() -> backend.metrics().count("coldchain.ingest.readings.accepted") > acceptedBefore);
            System.out.printf(
                    "first commit %d ms after the database was back%n",
                    Duration.ofNanos(System.nanoTime() - back).toMillis());
            assertThat(ackedWhileAway)
                    .as("nothing acknowledged while nothing could be stored")
                    .isZero();
            for (Thread t : threads) {
                t.join(Duration.ofMinutes(4).toMillis());
            }
            for (ResendingGateway gw : gateways) {
                assertThat(gw.failure()).as("gateway failure").isNull();
            }
            long total = gateways.stream().mapToLong(ResendingGateway::readings).sum();
            assertThat(count(backend, "SELECT count(*) FROM reading_log WHERE tenant = 'away'"))
                    .isEqualTo(total);
            assertThat(count(backend, "SELECT count(*) FROM rejected_messages")).isZero();
            System.out.println("messages sent again after a failure: "
                    + gateways.stream().mapToInt(g -> g.resent()).sum());
        }
    }

    private static int acknowledged(List<ResendingGateway> gateways) {
        return gateways.stream().mapToInt(g -> g.acknowledged()).sum();
    }

    private static long count(Backend backend, String sql) throws Exception {
        try (Connection c = backend.pool().getConnection();
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
