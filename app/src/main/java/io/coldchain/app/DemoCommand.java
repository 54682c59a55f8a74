package io.coldchain.app;

import io.coldchain.api.TokenService;
import io.coldchain.simulator.LoadGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code demo}: {@code run} plus simulated gateways. The realistic fleet (trucks, display cases,
 * dairy batches, an excursion in the first minutes) comes with the simulator issue; until then the
 * demo publishes a steady, gentle stream from a few gateways so there is something to look at.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the backend on embedded defaults with simulated gateways, and print where to look.")
public final class DemoCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions config;

  @Override
  public Integer call() throws Exception {
    Backend.runUntilStopped(config.load(), DemoCommand::showAndSimulate);
    return 0;
  }

  private static void showAndSimulate(Backend backend) {
    TokenService tokens = new TokenService(backend.config().auth(), backend.config().dataDir());
    String qa = tokens.issue("demo", "qa", Optional.empty(), Duration.ofHours(12));
    String base = "http://localhost:" + backend.httpPort();
    System.out.println();
    System.out.println("Coldchain demo is running (tenant 'demo'). Stop with Ctrl-C.");
    System.out.println("  health:   " + base + "/health");
    System.out.println("  metrics:  " + base + "/metrics");
    System.out.println("  readings: curl -H 'Authorization: Bearer " + qa + "' '" + base
        + "/api/v1/tenants/demo/sensors/gw-0-p0/readings'");
    System.out.println("  raw MQTT: mosquitto_sub -h localhost -p " + backend.config().mqtt().embeddedPort()
        + " -t 'coldchain/v1/demo/#' -v");
    System.out.println("  (the dairy fleet scenario with excursions arrives with the simulator)");
    Thread load = new Thread(() -> {
      try {
        // 3 gateways x 4 probes, one message of 12 readings every 10 s per gateway.
        new LoadGenerator(new LoadGenerator.Plan(backend.config().mqtt().brokerUrl(), "demo", 3, 4, 12,
            12L * 3 * 60 * 24, 36 / 10, Instant.now().minus(Duration.ofHours(1)), 10)).run();
      } catch (Exception e) {
        System.err.println("demo load stopped: " + e.getMessage());
      }
    }, "demo-load");
    load.setDaemon(true);
    load.start();
  }
}
