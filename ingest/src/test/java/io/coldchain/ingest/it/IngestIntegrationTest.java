package io.coldchain.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.core.model.Reading;
import io.coldchain.core.readings.ReadingQueryStore;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.RejectionStore;
import io.coldchain.registry.RegisteredSensors;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gateways publish through a real broker; readings land in a real PostgreSQL exactly as the contract says. */
class IngestIntegrationTest {
    private static IngestHarness h;

    @BeforeAll
    static void start() {
        h = new IngestHarness().start();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static String tenant() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String reading(String sensor, Instant ts, double temp) {
        return "{\"sensor\":\"" + sensor + "\",\"ts\":\"" + ts + "\",\"temp_c\":" + temp + "}";
    }

    private static String message(String gateway, String... readings) {
        return "{\"gateway\":\"" + gateway + "\",\"readings\":[" + String.join(",", readings) + "]}";
    }

    private static final Instant T0 =
            Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(3));

    private void awaitCount(String sql, long expected) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(h.count(sql)).isEqualTo(expected));
    }

    @Test
    void mqtt5_and_mqtt311_gateways_are_both_stored() throws Exception {
        String t = tenant();
        try (TestGateway g5 = TestGateway.mqtt5(h.brokerUrl);
                TestGateway g3 = TestGateway.mqtt311(h.brokerUrl)) {
            g5.publish("coldchain/v1/" + t + "/truck-5/readings", message("truck-5", reading("p5", T0, 4.2)));
            g3.publish("coldchain/v1/" + t + "/truck-3/readings", message("truck-3", reading("p3", T0, 3.9)));
        }
        awaitCount("SELECT count(*) FROM reading_log WHERE tenant = '" + t + "'", 2);
        try (Connection c = h.pool.getConnection()) {
            List<Reading> r = new ReadingQueryStore().bySensor(c, t, "p5", T0, T0.plusSeconds(1), 10);
            assertThat(r).singleElement().satisfies(x -> {
                assertThat(x.tempC()).isEqualTo(4.2);
                assertThat(x.gateway()).isEqualTo("truck-5");
                assertThat(x.receivedAt()).isAfter(x.ts());
                // Stored to the whole second: what keeps a compressed chunk under 2 bytes per reading.
                assertThat(x.receivedAt().getNano()).isZero();
            });
        }
    }

    @Test
    void senml_readings_are_stored() throws Exception {
        String t = tenant();
        double bt = T0.getEpochSecond();
        String senml = "[{\"bn\":\"case-1-p1/\",\"bt\":" + bt + ",\"n\":\"temp\",\"u\":\"Cel\",\"v\":3.5},"
                + "{\"n\":\"rh\",\"u\":\"%RH\",\"v\":70},{\"n\":\"door\",\"vb\":true},"
                + "{\"n\":\"temp\",\"u\":\"Cel\",\"v\":3.7,\"t\":60.5}]";
        try (TestGateway g = TestGateway.mqtt5(h.brokerUrl)) {
            g.publish("coldchain/v1/" + t + "/store-gw/senml", senml);
        }
        awaitCount("SELECT count(*) FROM reading_log WHERE tenant = '" + t + "'", 2);
        assertThat(h.count("SELECT count(*) FROM reading_log WHERE tenant = '" + t
                        + "' AND door_open AND rh = 70 AND temp_c = 3.5"))
                .isEqualTo(1);
        assertThat(h.count("SELECT count(*) FROM reading_log WHERE tenant = '" + t + "' AND ts = '"
                        + T0.plusMillis(60_500) + "'"))
                .isEqualTo(1);
    }

    @Test
    void duplicates_and_redeliveries_are_stored_once_and_conflicts_kept_for_audit() throws Exception {
        String t = tenant();
        String topic = "coldchain/v1/" + t + "/truck-1/readings";
        String msg = message(
                "truck-1", reading("p1", T0, 5.0), reading("p1", T0.plusSeconds(60), 5.1), reading("p1", T0, 5.0));
        try (TestGateway g = TestGateway.mqtt5(h.brokerUrl)) {
            g.publish(topic, msg);
            g.publish(topic, msg); // a QoS 1 redelivery as the gateway would send it
            g.publish(topic, message("truck-1", reading("p1", T0, 9.9))); // same key, different value
            g.publish(topic, message("truck-1", reading("p1", T0, 9.9))); // the same conflict again
            g.publish(topic, message("truck-1", reading("p1", T0.plusSeconds(120), 5.2)));
        }
        awaitCount(
                "SELECT count(*) FROM reading_log WHERE tenant = '" + t + "' AND ts = '" + T0.plusSeconds(120) + "'",
                1);
        assertThat(h.count("SELECT count(*) FROM reading_log WHERE tenant = '" + t + "'"))
                .isEqualTo(3);
        assertThat(h.count("SELECT count(*) FROM reading_log WHERE tenant = '" + t + "' AND ts = '" + T0
                        + "' AND temp_c = 5.0"))
                .as("the first value stays")
                .isEqualTo(1);
        assertThat(h.count("SELECT count(*) FROM reading_conflicts WHERE tenant = '" + t + "' AND temp_c = 9.9"))
                .as("the conflicting value is kept once")
                .isEqualTo(1);
    }

    @Test
    void a_message_with_good_and_bad_readings_is_split() throws Exception {
        String t = tenant();
        String msg = message(
                "truck-2",
                reading("p1", T0, 4.0),
                "{\"sensor\":\"p1\",\"ts\":\"yesterday\",\"temp_c\":4.0}",
                reading("p1", T0.plusSeconds(60), 99.0),
                "{\"sensor\":\"bad sensor!\",\"ts\":\"" + T0 + "\",\"temp_c\":4.0}",
                reading("p2", T0, 4.5),
                reading("p2", Instant.now().plus(Duration.ofMinutes(10)), 4.5));
        try (TestGateway g = TestGateway.mqtt311(h.brokerUrl)) {
            g.publish("coldchain/v1/" + t + "/truck-2/readings", msg);
        }
        awaitCount("SELECT count(*) FROM rejected_readings WHERE tenant = '" + t + "'", 4);
        assertThat(h.count("SELECT count(*) FROM reading_log WHERE tenant = '" + t + "'"))
                .isEqualTo(2);
        try (Connection c = h.pool.getConnection()) {
            var rows =
                    new RejectionStore().list(c, t, Instant.EPOCH, Instant.now().plusSeconds(60), 100);
            assertThat(rows)
                    .extracting(RejectionStore.RejectionRecord::reason)
                    .containsExactlyInAnyOrder(
                            "invalid_timestamp", "out_of_range", "invalid_sensor", "future_timestamp");
            assertThat(rows)
                    .filteredOn(r -> r.reason().equals("out_of_range"))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.field()).isEqualTo("readings[2].temp_c");
                        assertThat(r.readingIndex()).isEqualTo(2);
                        assertThat(r.payload()).contains("99.0");
                    });
        }
    }

    @Test
    void a_malformed_message_is_recorded_whole_and_once() throws Exception {
        String t = tenant();
        String topic = "coldchain/v1/" + t + "/truck-3/readings";
        try (TestGateway g = TestGateway.mqtt5(h.brokerUrl)) {
            g.publish(topic, "{\"readings\": [ {\"sensor\": ");
            g.publish(topic, "{\"readings\": [ {\"sensor\": "); // redelivered: recorded once
            g.publish(topic, message("someone-else", reading("p1", T0, 4.0)));
            g.publish(topic, new byte[300 * 1024], 1, false);
        }
        awaitCount("SELECT count(*) FROM rejected_messages WHERE tenant = '" + t + "'", 3);
        assertThat(h.count("SELECT count(*) FROM rejected_messages WHERE tenant = '" + t
                        + "' AND reason = 'invalid_json'"))
                .isEqualTo(1);
        assertThat(h.count("SELECT count(*) FROM rejected_messages WHERE tenant = '" + t
                        + "' AND reason = 'gateway_mismatch'"))
                .isEqualTo(1);
        assertThat(h.count("SELECT count(*) FROM rejected_messages WHERE tenant = '" + t
                        + "' AND reason = 'payload_too_large' AND payload_size = " + 300 * 1024
                        + " AND octet_length(payload) = " + 64 * 1024))
                .as("the payload is kept up to 64 KiB")
                .isEqualTo(1);
        assertThat(h.count("SELECT count(*) FROM reading_log WHERE tenant = '" + t + "'"))
                .isZero();
    }

    @Test
    void a_message_on_an_unreadable_topic_is_recorded() throws Exception {
        String bad = "coldchain/v1/bad tenant/gw/readings";
        // Not matched by our subscriptions: the broker never delivers it. A topic that matches the
        // filter but carries an invalid identifier is delivered and must be recorded.
        String matching = "coldchain/v1/" + "x".repeat(70) + "/gw/readings";
        try (TestGateway g = TestGateway.mqtt5(h.brokerUrl)) {
            g.publish(bad, message("gw", reading("p1", T0, 4.0)));
            g.publish(matching, message("gw", reading("p1", T0, 4.0)));
        }
        awaitCount(
                "SELECT count(*) FROM rejected_messages WHERE topic = '" + matching
                        + "' AND reason = 'invalid_topic' AND tenant IS NULL",
                1);
    }

    @Test
    void a_sensor_bound_to_another_gateway_is_refused_and_unknown_sensors_are_listed() throws Exception {
        String t = tenant();
        try (Connection c = h.pool.getConnection()) {
            new RegisteredSensors().bind(c, t, "truck-7-p1", "truck-7");
        }
        try (TestGateway g = TestGateway.mqtt5(h.brokerUrl)) {
            g.publish(
                    "coldchain/v1/" + t + "/truck-8/readings",
                    message("truck-8", reading("truck-7-p1", T0, 4.0), reading("new-probe", T0, 4.1)));
            g.publish(
                    "coldchain/v1/" + t + "/truck-7/readings",
                    message("truck-7", reading("truck-7-p1", T0.plusSeconds(1), 4.0)));
        }
        awaitCount("SELECT count(*) FROM reading_log WHERE tenant = '" + t + "'", 2);
        assertThat(h.count("SELECT count(*) FROM reading_log WHERE tenant = '" + t
                        + "' AND sensor = 'truck-7-p1' AND gateway = 'truck-8'"))
                .isZero();
        awaitCount(
                "SELECT count(*) FROM rejected_readings WHERE tenant = '" + t
                        + "' AND reason = 'sensor_bound_elsewhere' AND field = 'readings[0].sensor' AND gateway = 'truck-8'",
                1);
        try (Connection c = h.pool.getConnection()) {
            assertThat(new ReadingStore().unassigned(c, t)).singleElement().satisfies(u -> {
                assertThat(u.sensor()).isEqualTo("new-probe");
                assertThat(u.gateway()).isEqualTo("truck-8");
            });
        }
        // Another tenant's identical sensor id is a different sensor: accepted under that tenant only.
        String other = tenant();
        try (TestGateway g = TestGateway.mqtt5(h.brokerUrl)) {
            g.publish(
                    "coldchain/v1/" + other + "/truck-8/readings", message("truck-8", reading("truck-7-p1", T0, 4.0)));
        }
        awaitCount("SELECT count(*) FROM reading_log WHERE tenant = '" + other + "'", 1);
        assertThat(h.count("SELECT count(*) FROM reading_log WHERE tenant = '" + t + "' AND gateway = 'truck-8'"))
                .isEqualTo(1);

        // The probe moves to truck-8: from the next batch on its readings come from there, not truck-7.
        try (Connection c = h.pool.getConnection()) {
            new RegisteredSensors().bind(c, t, "truck-7-p1", "truck-8");
        }
        try (TestGateway g = TestGateway.mqtt5(h.brokerUrl)) {
            g.publish(
                    "coldchain/v1/" + t + "/truck-8/readings",
                    message("truck-8", reading("truck-7-p1", T0.plusSeconds(2), 4.0)));
            g.publish(
                    "coldchain/v1/" + t + "/truck-7/readings",
                    message("truck-7", reading("truck-7-p1", T0.plusSeconds(3), 4.0)));
        }
        awaitCount(
                "SELECT count(*) FROM reading_log WHERE tenant = '" + t
                        + "' AND sensor = 'truck-7-p1' AND gateway = 'truck-8'",
                1);
        awaitCount(
                "SELECT count(*) FROM rejected_readings WHERE tenant = '" + t
                        + "' AND reason = 'sensor_bound_elsewhere' AND gateway = 'truck-7'",
                1);
    }

    @Test
    void gateway_status_is_recorded() throws Exception {
        String t = tenant();
        try (TestGateway g = TestGateway.mqtt5(h.brokerUrl)) {
            g.publish("coldchain/v1/" + t + "/truck-9/status", "{\"online\": true}".getBytes(), 1, true);
            g.publish("coldchain/v1/" + t + "/truck-9/status", "{\"online\": \"maybe\"}".getBytes(), 1, false);
        }
        awaitCount(
                "SELECT count(*) FROM gateway_status WHERE tenant = '" + t + "' AND gateway = 'truck-9' AND online", 1);
        awaitCount("SELECT count(*) FROM rejected_messages WHERE tenant = '" + t + "' AND topic LIKE '%/status'", 1);
        // clear the retained message so that later runs on an external broker start clean
        try (TestGateway g = TestGateway.mqtt5(h.brokerUrl)) {
            g.publish("coldchain/v1/" + t + "/truck-9/status", new byte[0], 1, true);
        }
    }
}
