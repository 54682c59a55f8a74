package io.coldchain.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.coldchain.simulator.scenario.Scenario;
import io.coldchain.simulator.scenario.ScenarioLoader;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar simulator/target/coldchain-simulator.jar [options]}: runs a scenario against a
 * broker (and registers it through the HTTP API when {@code --api} is given), or load mode.
 */
@Command(
        name = "coldchain-simulator",
        mixinStandardHelpOptions = true,
        version = "coldchain-simulator 0.1.0",
        description =
                "Simulated gateways (trucks, tankers, cold rooms, display cases) publishing to Coldchain over MQTT.")
public final class SimulatorMain implements Callable<Integer> {
    @Option(
            names = "--broker",
            defaultValue = "${env:COLDCHAIN_MQTT_URL:-tcp://localhost:1883}",
            description = "MQTT broker URL (default: ${DEFAULT-VALUE}).")
    String broker;

    @Option(
            names = "--api",
            description = "Base URL of the HTTP API (e.g. http://localhost:8080): register the scenario's "
                    + "sites, assets, sensors, products, batches, shipments and placements there first.")
    URI api;

    @Option(
            names = "--token",
            defaultValue = "${env:COLDCHAIN_SIM_TOKEN}",
            description =
                    "Admin bearer token for --api (or COLDCHAIN_SIM_TOKEN); make one with `coldchain.jar token --tenant T --role admin`.")
    String token;

    @Option(
            names = "--scenario",
            defaultValue = "dairy-morning-round",
            description =
                    "A shipped scenario ("
                            + "dairy-morning-round, raw-milk-collection, supermarket-weekend) or a YAML/JSON file (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--tenant", description = "Run the scenario for this tenant instead of the file's.")
    String tenant;

    @Option(
            names = "--id-suffix",
            description = "Append this to every lot and shipment id (to run a scenario again on the same tenant).")
    String idSuffix;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Random seed: the same seed gives the same messages (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--speed",
            defaultValue = "360",
            description =
                    "Simulated seconds per real second (360: an hour in 10 s; 0: as fast as possible). The simulated "
                            + "clock starts in the past and never passes the real clock (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(
            names = "--mqtt-version",
            defaultValue = "5",
            description = "5 or 3 (MQTT 3.1.1) (default: ${DEFAULT-VALUE}).")
    int mqttVersion;

    @Option(names = "--live", description = "After the scenario, keep going in real time until stopped.")
    boolean live;

    @Option(
            names = "--no-faults",
            description = "No gateway outages, duplicates or malformed messages (physics faults stay).")
    boolean noFaults;

    @Option(names = "--expected", description = "Print the scenario's expected alerts as JSON and exit.")
    boolean expected;

    @Option(names = "--load", description = "Load mode: N gateways x M sensors at a target rate instead of a scenario.")
    boolean load;

    @Option(names = "--gateways", defaultValue = "10", description = "Load mode: gateways (default: ${DEFAULT-VALUE}).")
    int gateways;

    @Option(
            names = "--sensors",
            defaultValue = "20",
            description = "Load mode: sensors per gateway (default: ${DEFAULT-VALUE}).")
    int sensors;

    @Option(
            names = "--per-message",
            defaultValue = "20",
            description = "Load mode: readings per message (default: ${DEFAULT-VALUE}).")
    int perMessage;

    @Option(
            names = "--readings",
            defaultValue = "100000",
            description = "Load mode: readings in all (default: ${DEFAULT-VALUE}).")
    long readings;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description =
                    "Load mode: target readings per second, 0 = as fast as the broker acknowledges (default: ${DEFAULT-VALUE}).")
    long rate;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-simulator.xml");
        }
        System.exit(new CommandLine(new SimulatorMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (load) {
            return runLoad();
        }
        Scenario s = ScenarioLoader.load(scenario);
        if (tenant != null) {
            s = s.withTenant(tenant);
        }
        s = s.withIdSuffix(idSuffix);
        if (expected) {
            ObjectMapper json = new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT);
            System.out.println(json.writeValueAsString(s.expectedAlerts()));
            return 0;
        }
        SimOptions o = SimOptions.of(broker)
                .withSeed(seed)
                .withSpeed(speed)
                .withMqttVersion(mqttVersion)
                .withLive(live)
                .withDeliveryFaults(!noFaults)
                .withTenant(tenant)
                .withIdSuffix(idSuffix);
        if (api != null) {
            if (token == null || token.isBlank()) {
                System.err.println("--api needs --token (an admin token for tenant " + s.tenant() + ")");
                return 2;
            }
            o = o.withApi(api, token);
        }
        ScenarioRunner.Handle h = ScenarioRunner.start(s, o);
        Runtime.getRuntime().addShutdownHook(new Thread(h::stop));
        System.out.printf(
                "scenario %s, tenant %s, seed %d: simulated %s .. %s at x%s%n",
                s.name(), s.tenant(), seed, h.start(), h.end(), speed <= 0 ? "max" : String.valueOf(speed));
        while (!h.awaitDone(Duration.ofSeconds(5))) {
            System.out.printf("  simulated %s  %s%n", h.simulatedNow(), h.stats());
        }
        System.out.printf("done: %s%n", h.stats());
        return h.stats().failures() == 0 ? 0 : 1;
    }

    private int runLoad() throws Exception {
        String t = tenant == null ? "load" : tenant;
        LoadGenerator.Plan plan = new LoadGenerator.Plan(
                broker,
                t,
                gateways,
                sensors,
                perMessage,
                readings,
                rate,
                Instant.now().minus(Duration.ofHours(1)),
                20);
        if (api != null && token != null && !token.isBlank()) {
            plan = plan.withLogins(new RegistrySetup(api, token).gatewayLogins(t, plan.gatewayIds()));
        }
        System.out.printf(
                "load: %d gateways x %d sensors, %d readings per message, %d readings, target %s/s%n",
                gateways, sensors, perMessage, readings, rate == 0 ? "max" : String.valueOf(rate));
        LoadGenerator.Result r = new LoadGenerator(plan).run();
        System.out.printf(
                "published %d messages, %d readings, achieved %.0f readings/s%n",
                r.messages(), r.readings(), r.publishRate());
        return 0;
    }
}
