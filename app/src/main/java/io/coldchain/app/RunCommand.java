package io.coldchain.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code run}: the whole backend until SIGTERM/SIGINT, which drains in-flight batches and exits. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description =
                "Start the backend. Without COLDCHAIN_DB_URL / COLDCHAIN_MQTT_URL it starts an embedded PostgreSQL and MQTT broker.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws InterruptedException {
        Backend.runUntilStopped(
                config.load(),
                backend -> System.out.println("Coldchain is running: http://localhost:" + backend.httpPort()
                        + "/health, MQTT " + backend.config().mqtt().brokerUrl() + ". Stop with Ctrl-C."));
        return 0;
    }
}
