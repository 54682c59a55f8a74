package io.coldchain.app;

import io.coldchain.api.TokenService;
import io.coldchain.simulator.ScenarioRunner;
import io.coldchain.simulator.SimOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: {@code run} plus the simulated fleet of a scenario (by default a dairy
 * distributor's morning round whose truck's refrigeration fails between two stores), registered
 * through the HTTP API and published over MQTT like real gateways. At the default speed an hour
 * passes in ten seconds, so the first excursion alert, naming its batches and shipment, comes
 * within the first minute. Prints where to look.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the backend on embedded defaults with a simulated fleet, and print where to look.")
public final class DemoCommand implements Callable<Integer> {
    static final String TENANT = "demo";
    /** The region of the demo's sites, and of its regulator. */
    static final String REGION = "320300";

    @Mixin
    ConfigOptions config;

    @Option(
            names = "--scenario",
            defaultValue = "dairy-morning-round",
            description =
                    "Scenario name (dairy-morning-round, raw-milk-collection, supermarket-weekend) or file (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(
            names = "--speed",
            defaultValue = "360",
            description = "Simulated seconds per real second (default ${DEFAULT-VALUE}).")
    double speed;

    @Override
    public Integer call() throws Exception {
        Backend.runUntilStopped(config.load(), this::showAndSimulate);
        return 0;
    }

    private void showAndSimulate(Backend backend) {
        TokenService tokens =
                new TokenService(backend.config().auth(), backend.config().dataDir());
        String admin = tokens.issue(TENANT, "admin", Optional.empty(), Duration.ofHours(12));
        String qa = tokens.issue(TENANT, "qa", Optional.empty(), Duration.ofHours(12));
        String regulator = tokens.issue(TENANT, "regulator", Optional.of(REGION), Duration.ofHours(12));
        String base = "http://localhost:" + backend.httpPort();
        String api = base + "/api/v1/tenants/" + TENANT;
        // Each start gets batches of its own, so a demo run again on the same data directory is a new round.
        String run = "-" + Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36);
        ScenarioRunner.Handle handle = ScenarioRunner.start(
                scenario,
                SimOptions.of(backend.config().mqtt().brokerUrl())
                        .withApi(URI.create(base), admin)
                        .withTenant(TENANT)
                        .withSpeed(speed)
                        .withLive(true)
                        .withIdSuffix(run));
        Runtime.getRuntime().addShutdownHook(new Thread(handle::stop, "demo-simulator-stop"));
        System.out.println();
        System.out.println(
                "Coldchain demo is running: scenario '" + handle.scenario().name() + "' for tenant '" + TENANT + "', "
                        + speed + "x real time. Stop with Ctrl-C.");
        System.out.println("web: " + base + "/");
        for (DemoUsers.Login login :
                DemoUsers.ensure(backend.pool(), backend.config().dataDir(), TENANT, REGION)) {
            System.out.println(login.line());
        }
        System.out.println("  health:     " + base + "/health     metrics: " + base + "/metrics");
        System.out.println("  QA token:   " + qa);
        System.out.println("  regulator:  " + regulator + "   (region 320300, read-only)");
        System.out.println("  alerts:     curl -H 'Authorization: Bearer " + qa + "' " + api + "/alerts");
        System.out.println("  live:       curl -N -H 'Authorization: Bearer " + qa + "' " + api + "/alerts/stream");
        // An alerts credential for the subscriber: the broker lets nobody in without one (its gateways got theirs
        // above).
        io.coldchain.simulator.gateway.GatewayLogin screen;
        try {
            screen = MqttLogins.alerts(backend, TENANT, "demo-alerts");
        } catch (Exception e) {
            throw new IllegalStateException("demo: cannot issue the alerts credential: " + e.getMessage(), e);
        }
        System.out.println("  MQTT:       mosquitto_sub -h localhost -p "
                + backend.config().mqtt().embeddedPort() + " -u " + screen.username() + " -P " + screen.password()
                + " -q 1 -v -t 'coldchain/v1/" + TENANT + "/alerts'");
        System.out.println("  expect:     " + handle.scenario().expectedAlerts().size() + " alerts by design ("
                + "see simulator/src/main/resources/scenarios/"
                + handle.scenario().name() + ".yaml, expected_alerts)");
    }
}
