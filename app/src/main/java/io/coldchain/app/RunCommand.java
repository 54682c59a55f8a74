package io.coldchain.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code run}: the whole backend until SIGTERM/SIGINT, which drains in-flight batches and exits. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Start the backend. Without COLDCHAIN_DB_URL / COLDCHAIN_MQTT_URL it starts an embedded PostgreSQL and MQTT broker.")
public final class RunCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions config;

  @Override
  public Integer call() throws InterruptedException {
    Backend backend = new Backend(config.load()).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      backend.close();
      stopped.countDown();
    }, "coldchain-shutdown"));
    System.out.println("Coldchain is running: http://localhost:" + backend.httpPort() + "/health, MQTT "
        + backend.config().mqtt().brokerUrl() + ". Stop with Ctrl-C.");
    stopped.await();
    return 0;
  }
}
