package io.coldchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.api.TokenService;
import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.config.ConfigLoader;
import io.coldchain.simulator.ScenarioRunner;
import io.coldchain.simulator.SimOptions;
import io.coldchain.simulator.scenario.Scenario;
import io.coldchain.simulator.scenario.Scenario.ExpectedAlert;
import io.coldchain.simulator.scenario.ScenarioLoader;
import io.coldchain.testkit.TestBroker;
import io.coldchain.testkit.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each shipped scenario, run as fast as the simulator can against the whole backend (real
 * PostgreSQL, real broker, registry through the HTTP API, readings over MQTT with the scenario's
 * outages, backlog replays, duplicates and malformed messages), raises exactly the alerts its file
 * says it is designed to raise, and no others.
 */
class ScenarioAlertsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Backend backend;
    private static TokenService tokens;

    @BeforeAll
    static void start() throws Exception {
        TestDatabase db = TestDatabase.get();
        Map<String, String> flags = new HashMap<>();
        flags.put("db.url", db.newDatabase("scenarios"));
        flags.put("db.user", db.user());
        flags.put("db.password", db.password());
        flags.put("mqtt.url", TestBroker.url());
        flags.put("mqtt.client.id", "scen-" + UUID.randomUUID().toString().substring(0, 8));
        flags.put("mqtt.share.group", "scen" + UUID.randomUUID().toString().substring(0, 8));
        flags.put("http.port", "0");
        flags.put("data.dir", Files.createTempDirectory("coldchain-scenarios").toString());
        ColdchainConfig config = ConfigLoader.load(flags, Map.of(), Optional.empty());
        backend = new Backend(config).start();
        tokens = new TokenService(config.auth(), config.dataDir());
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dairy-morning-round", "raw-milk-collection", "supermarket-weekend"})
    void aScenarioRaisesExactlyTheAlertsItIsDesignedFor(String name) throws Exception {
        run(name, true);
    }

    /**
     * The same seed without the gateways' bad habits (no outages, so no late and shuffled backlog; no
     * QoS 1 duplicates; no malformed messages): the same alerts, so those habits leave no trace.
     */
    @Test
    void aCleanRunOfTheSameSeedRaisesTheSameAlerts() throws Exception {
        run("dairy-morning-round", false);
    }

    private void run(String name, boolean deliveryFaults) throws Exception {
        Scenario scenario = ScenarioLoader.load(name);
        String tenant = "it-" + name.substring(0, 4) + "-"
                + UUID.randomUUID().toString().substring(0, 6);
        String admin = tokens.issue(tenant, "admin", Optional.empty(), Duration.ofHours(1));
        String qa = tokens.issue(tenant, "qa", Optional.empty(), Duration.ofHours(1));
        String base = "http://127.0.0.1:" + backend.httpPort();
        try (ScenarioRunner.Handle run = ScenarioRunner.start(
                scenario,
                SimOptions.of(backend.config().mqtt().brokerUrl())
                        .withApi(URI.create(base), admin)
                        .withTenant(tenant)
                        .withSpeed(0)
                        .withDeliveryFaults(deliveryFaults))) {
            assertThat(run.awaitDone(Duration.ofMinutes(4)))
                    .as("the simulation finished")
                    .isTrue();
        }
        TreeSet<String> expected = new TreeSet<>();
        for (ExpectedAlert e : scenario.expectedAlerts()) {
            expected.add(key(
                    e.rule().kind(),
                    e.rule().threshold(),
                    e.rule().severity(),
                    e.sensor() != null ? e.sensor() : e.batches().get(0),
                    e.sensor() != null ? new TreeSet<>(e.batches()) : null));
        }
        // Alerting works through its queue after the last reading is stored: wait until it is stable.
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(actual(base, tenant, qa)).isEqualTo(expected));
        Thread.sleep(3000);
        assertThat(actual(base, tenant, qa))
                .as("no alert after the queue drained")
                .isEqualTo(expected);
    }

    private static TreeSet<String> actual(String base, String tenant, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/tenants/" + tenant + "/alerts?limit=1000"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        TreeSet<String> out = new TreeSet<>();
        JsonArray alerts = new JsonObject(r.body()).getJsonArray("alerts");
        for (int i = 0; i < alerts.size(); i++) {
            JsonObject a = alerts.getJsonObject(i);
            JsonObject rule = a.getJsonObject("rule");
            boolean cumulative = a.getString("lot") != null;
            TreeSet<String> lots = new TreeSet<>();
            a.getJsonArray("batches").forEach(b -> lots.add(((JsonObject) b).getString("lot")));
            out.add(key(
                    rule.getString("kind"),
                    rule.getDouble("threshold_c", rule.getDouble("threshold_rh", 0.0)), // door, age: none
                    a.getString("severity"),
                    cumulative ? a.getString("lot") : String.valueOf(a.getString("sensor")),
                    cumulative ? null : lots));
        }
        return out;
    }

    private static String key(String kind, double threshold, String severity, String subject, TreeSet<String> lots) {
        return kind + " " + threshold + " " + severity + " " + subject + (lots == null ? "" : " " + lots);
    }
}
