package io.coldchain.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.testkit.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The database goes away in the middle of a stream of QoS 1 messages and comes back: consumption
 * pauses (nothing is acknowledged that is not committed), writes are retried, and afterwards every
 * published reading is stored exactly once.
 */
class DatabaseOutageTest {

    @Test
    void nothing_is_lost_while_the_database_is_down() throws Exception {
        String tenant = "outage" + UUID.randomUUID().toString().substring(0, 6);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
        int messages = 300;
        int perMessage = 10;
        try (IngestHarness h = new IngestHarness().start();
                TestGateway g = TestGateway.mqtt5(h.brokerUrl)) {
            String topic = "coldchain/v1/" + tenant + "/truck-1/readings";
            TestDatabase.Outage outage = null;
            for (int m = 0; m < messages; m++) {
                if (m == 100) {
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> h.count("SELECT count(*) FROM reading_log WHERE tenant = '" + tenant + "'")
                                    == 100L * perMessage);
                    outage = TestDatabase.get().outage(h.jdbcUrl);
                }
                StringBuilder sb = new StringBuilder("{\"readings\":[");
                for (int i = 0; i < perMessage; i++) {
                    sb.append(i == 0 ? "" : ",")
                            .append("{\"sensor\":\"p")
                            .append(i)
                            .append("\",\"ts\":")
                            .append(t0.toEpochMilli() + m * 1000L)
                            .append(",\"temp_c\":4.5}");
                }
                g.publish(topic, sb.append("]}").toString());
            }
            // While it is down, writes fail and are retried; nothing is acknowledged.
            await().atMost(Duration.ofSeconds(30)).until(() -> h.metrics.count("coldchain.ingest.write.retries") >= 2);
            assertThat(h.metrics.inflightMessages().get()).isGreaterThan(0);
            outage.end();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(
                                    h.count("SELECT count(*) FROM reading_log WHERE tenant = '" + tenant + "'"))
                            .isEqualTo((long) messages * perMessage));
            assertThat(h.count("SELECT count(*) FROM rejected_messages WHERE tenant = '" + tenant + "'"))
                    .isZero();
            assertThat(h.count("SELECT count(*) FROM rejected_readings WHERE tenant = '" + tenant + "'"))
                    .isZero();
        }
    }
}
