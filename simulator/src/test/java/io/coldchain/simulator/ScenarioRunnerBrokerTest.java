package io.coldchain.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.simulator.gateway.RecordingLinks;
import io.coldchain.simulator.scenario.Scenario;
import io.coldchain.simulator.scenario.ScenarioLoader;
import io.coldchain.testkit.TestBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A short scenario published through a real broker by MQTT 5 and 3.1.1 gateways and received by a
 * real subscriber: the subscriber gets exactly the readings the recorded run of the same seed
 * carries, the malformed messages, and each gateway's retained status ends offline.
 */
class ScenarioRunnerBrokerTest {

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(ints = {5, 3})
    void publishesTheScenarioThroughTheBroker(int version) throws Exception {
        String tenant = "simit-" + version + "-" + Long.toString(System.nanoTime(), 36);
        Scenario full = ScenarioLoader.load("dairy-morning-round").withTenant(tenant);
        // The first 2.5 h: the failure and the start of the dead spot (replayed when the run ends).
        Scenario s = new Scenario(
                full.name(),
                full.description(),
                tenant,
                "2:30",
                full.stepS(),
                full.sites(),
                full.products(),
                full.batches(),
                full.assets(),
                full.gateways(),
                full.sensors(),
                full.shipments(),
                full.placements(),
                full.faults(),
                full.expectedAlerts(),
                full.notes());
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);

        List<RecordingLinks.Event> received = Collections.synchronizedList(new ArrayList<>());
        MqttClient sub = new MqttClient(TestBroker.url(), "simit-sub-" + tenant, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        sub.connect(o);
        IMqttMessageListener listener = (topic, msg) -> received.add(new RecordingLinks.Event(
                topic.split("/")[3], "publish", topic, new String(msg.getPayload(), StandardCharsets.UTF_8)));
        sub.subscribe(
                new MqttSubscription[] {new MqttSubscription("coldchain/v1/" + tenant + "/#", 1)},
                new IMqttMessageListener[] {listener});

        RecordingLinks recorded = new RecordingLinks();
        new FleetSimulation(s, start, 11, true, false, recorded, new SimStats(new SimpleMeterRegistry())).runToEnd();

        SimOptions opts = SimOptions.of(TestBroker.url())
                .withSeed(11)
                .withSpeed(0)
                .withMqttVersion(version)
                .withStart(start);
        ScenarioRunner.Handle h = ScenarioRunner.start(s, opts);
        assertThat(h.awaitDone(Duration.ofMinutes(2))).isTrue();
        assertThat(h.stats().failures()).isZero();

        long expectedMessages = recorded.published().size();
        await().atMost(Duration.ofSeconds(60)).until(() -> nonStatus(received).size() >= expectedMessages);
        Set<String> sensors = s.sensors().stream().map(Scenario.Sensor::id).collect(Collectors.toSet());
        Map<String, TreeMap<Instant, PublishedReadings.Value>> got =
                PublishedReadings.decode(nonStatus(received), sensors);
        Map<String, TreeMap<Instant, PublishedReadings.Value>> want =
                PublishedReadings.decode(recorded.published(), sensors);
        assertThat(got).isEqualTo(want);
        assertThat(got.get("truck-01-p1")).hasSizeGreaterThan(140);
        assertThat(nonStatus(received).stream()
                        .map(RecordingLinks.Event::payload)
                        .collect(Collectors.toSet()))
                .isEqualTo(recorded.published().stream()
                        .map(RecordingLinks.Event::payload)
                        .collect(Collectors.toSet()));
        // Status: online when connected, offline at the end (the dead spot's Last Will, then the clean goodbye).
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(statuses(received, "truck-01"))
                        .contains("{\"online\":true}")
                        .last()
                        .isEqualTo("{\"online\":false}"));
        sub.disconnect();
        sub.close();
    }

    private static List<RecordingLinks.Event> nonStatus(List<RecordingLinks.Event> received) {
        synchronized (received) {
            return received.stream().filter(e -> !e.topic().endsWith("/status")).toList();
        }
    }

    private static List<String> statuses(List<RecordingLinks.Event> received, String gateway) {
        synchronized (received) {
            return received.stream()
                    .filter(e -> e.topic().endsWith(gateway + "/status"))
                    .map(RecordingLinks.Event::payload)
                    .toList();
        }
    }
}
