package io.coldchain.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.testkit.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 10.3 on a real Mosquitto (2.0, persistence on): gateways publish at QoS 1 while the broker
 * is killed with SIGKILL and started again, then stopped with SIGTERM and started again. The
 * backend (one instance, a plain persistent subscription, the default) stores every reading exactly
 * once: its subscription is in its persisted session, so nothing that arrives before it reconnects
 * is dropped, and it reconnects within about a second of the broker's return.
 *
 * <p>The gateways publish at a pace the backend keeps up with (about 300 messages/s in all), as in
 * normal running. Mosquitto's persistence is a snapshot: a SIGKILL loses what it had acknowledged
 * to gateways but not yet delivered to the backend since its last autosave, so a broker crash while
 * a backlog is queued (the backend slower or away) does lose readings; docs/durability.md says so.
 */
class MosquittoRestartTest {

  @Test
  void brokerKilledAndRestartedMidStreamLosesNothing() throws Exception {
    Assumptions.assumeTrue(MosquittoBroker.available(), MosquittoBroker.MISSING);
    try (MosquittoBroker broker = MosquittoBroker.start(); IngestHarness h = new IngestHarness(broker.url(), "").start()) {
      awaitSessionSaved(broker);
      String tenant = "restart";
      Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
      List<ResendingGateway> gateways = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int g = 0; g < 3; g++) {
        ResendingGateway gw = new ResendingGateway(broker.url(), tenant, "truck-" + g, 1000, 10, t0, 10);
        gateways.add(gw);
        Thread t = new Thread(gw, "gateway-" + g);
        threads.add(t);
        t.start();
      }
      long expected = gateways.stream().mapToLong(ResendingGateway::readings).sum();
      String stored = "SELECT count(*) FROM reading_log WHERE tenant = '" + tenant + "'";

      await().atMost(Duration.ofSeconds(60)).until(() -> h.count(stored) > expected / 4);
      broker.kill();
      Duration killReconnect = restart(broker, h);

      await().atMost(Duration.ofSeconds(60)).until(() -> h.count(stored) > expected * 2 / 3);
      broker.stop();
      Duration termReconnect = restart(broker, h);

      for (Thread t : threads) {
        t.join(Duration.ofSeconds(120).toMillis());
      }
      for (ResendingGateway gw : gateways) {
        assertThat(gw.failure).isNull();
      }
      int resent = gateways.stream().mapToInt(g -> g.resent.get()).sum();
      System.out.printf("broker SIGKILL: backend reconnected %d ms after the broker listened again; SIGTERM: %d ms; "
          + "%d publishes re-sent by gateways%n", killReconnect.toMillis(), termReconnect.toMillis(), resent);
      assertThat(resent).as("the outages really interrupted the gateways").isPositive();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(h.count(stored)).isEqualTo(expected));
      assertThat(h.count("SELECT count(*) FROM (SELECT DISTINCT sensor, ts FROM reading_log WHERE tenant = '" + tenant + "') x"))
          .isEqualTo(expected);
      assertThat(h.count("SELECT count(*) FROM rejected_messages")).isZero();
      assertThat(h.count("SELECT count(*) FROM reading_conflicts")).isZero();
      assertThat(killReconnect).as("reconnect after SIGKILL").isLessThan(Duration.ofSeconds(3));
      assertThat(termReconnect).as("reconnect after SIGTERM").isLessThan(Duration.ofSeconds(3));
    }
  }

  /** Starts the broker again on its data; returns how long the backend took to be connected again. */
  private static Duration restart(MosquittoBroker broker, IngestHarness h) throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(() -> !h.consumer().connected());
    broker.launch();
    long t0 = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> h.consumer().connected());
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** Waits for an autosave after the backend subscribed, so that its session is on disk. */
  private static void awaitSessionSaved(MosquittoBroker broker) {
    Path db = broker.dir().resolve("mosquitto.db");
    FileTime subscribed = FileTime.from(Instant.now());
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(db) && Files.getLastModifiedTime(db).compareTo(subscribed) > 0);
  }
}
