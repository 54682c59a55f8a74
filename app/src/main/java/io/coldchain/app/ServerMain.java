package io.coldchain.app;

import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code java -jar coldchain-server.jar COMMAND}: the backend for deployments (deploy/), built without
 * the embedded PostgreSQL, MQTT broker and simulator. Every command needs an external database and
 * broker and says so at once when they are not configured; nothing here reaches the embedded module.
 */
@Command(
        name = "coldchain-server",
        mixinStandardHelpOptions = true,
        version = "coldchain 0.1.0",
        description = "Cold-chain temperature monitoring backend, on an external PostgreSQL and MQTT broker.",
        subcommands = {RunCommand.class, TokenCommand.class, UserCommand.class, ConfigCommand.class})
public final class ServerMain {

    public static void main(String[] args) {
        ConfigOptions.requireExternalServers();
        Main.execute(new ServerMain(), args);
    }

    /**
     * The configuration, if it names an external database and broker; otherwise a {@link
     * ConfigException} saying which settings to give.
     */
    static ColdchainConfig requireExternal(ColdchainConfig config) {
        List<String> missing = new ArrayList<>();
        if (config.db().embedded()) {
            missing.add("COLDCHAIN_DB_URL (a PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/coldchain,"
                    + " with COLDCHAIN_DB_USER and COLDCHAIN_DB_PASSWORD)");
        }
        if (config.mqtt().embedded()) {
            missing.add("COLDCHAIN_MQTT_URL (the MQTT broker, e.g. tcp://mosquitto:1883)");
        }
        if (!missing.isEmpty()) {
            throw new ConfigException("coldchain-server.jar has no embedded PostgreSQL or MQTT broker: set "
                    + String.join(" and ", missing) + ", or use coldchain.jar, which starts embedded ones");
        }
        return config;
    }
}
