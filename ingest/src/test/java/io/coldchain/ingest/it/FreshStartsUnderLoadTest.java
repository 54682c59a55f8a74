package io.coldchain.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.embedded.EmbeddedBroker;
import io.coldchain.testkit.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The idle-subscriber stall: on a fresh HiveMQ CE, a consumer whose SUBSCRIBE carried both shared
 * filters could have its shared-subscription flag latched off and receive only the first message
 * of a burst. Ten fresh broker + consumer starts, every core kept busy by a spinning thread (the
 * stall needs a race that load widens): each burst must be stored whole, with no probe first and
 * no reconnect (the delivery watchdog must not have had to step in).
 */
class FreshStartsUnderLoadTest {
    private static final int ROUNDS = 10;
    private static final int BURST = 30;

    @Test
    void every_fresh_start_delivers_every_burst() throws Exception {
        AtomicBoolean spinning = new AtomicBoolean(true);
        List<Thread> busy = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread t = new Thread(
                    () -> {
                        long x = 0;
                        while (spinning.get()) {
                            x += System.nanoTime() % 7;
                        }
                        if (x == 42) {
                            System.out.print("");
                        }
                    },
                    "busy-" + i);
            t.setDaemon(true);
            t.start();
            busy.add(t);
        }
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Path home = Files.createTempDirectory("coldchain-fresh-broker");
                EmbeddedBroker broker = new EmbeddedBroker(home, "127.0.0.1", TestBroker.freePort()).start();
                try (IngestHarness h = new IngestHarness(broker.url()).start();
                        TestGateway g = TestGateway.mqtt5(broker.url())) {
                    String tenant =
                            "fresh" + round + UUID.randomUUID().toString().substring(0, 4);
                    for (int m = 0; m < BURST; m++) {
                        g.publish(
                                "coldchain/v1/" + tenant + "/gw/readings",
                                "{\"readings\":[{\"sensor\":\"s" + m + "\",\"ts\":"
                                        + t0.plusSeconds(m).toEpochMilli() + ",\"temp_c\":4}]}");
                    }
                    int r = round;
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(
                                            h.count("SELECT count(*) FROM reading_log WHERE tenant = '" + tenant + "'"))
                                    .as("round %d: readings stored of the burst", r)
                                    .isEqualTo(BURST));
                    assertThat(h.metrics.count("coldchain.mqtt.watchdog.reconnects"))
                            .as("round %d: watchdog reconnects", r)
                            .isZero();
                    System.out.println(
                            "fresh start " + (round + 1) + " of " + ROUNDS + ": " + BURST + " of " + BURST + " stored");
                } finally {
                    broker.close();
                }
            }
        } finally {
            spinning.set(false);
            for (Thread t : busy) {
                t.join();
            }
        }
    }
}
