package io.coldchain.app;

import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.config.ConfigLoader;
import io.coldchain.core.config.Settings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration a benchmark runs on: the user's settings, with a throw-away data directory, a
 * free port for the embedded broker and any free HTTP port unless they say otherwise, so that a
 * benchmark never touches `./coldchain-data` nor collides with a running backend. Closing removes
 * the throw-away directory.
 */
final class BenchConfig implements AutoCloseable {
    final ColdchainConfig config;
    private final Path tmp;

    private BenchConfig(ColdchainConfig config, Path tmp) {
        this.config = config;
        this.tmp = tmp;
    }

    static BenchConfig load(ConfigOptions options, String prefix) throws IOException {
        Map<String, String> flags = new LinkedHashMap<>(options.overrides);
        Path tmp = null;
        if (!flags.containsKey(Settings.DATA_DIR.key()) && System.getenv(Settings.DATA_DIR.envName()) == null) {
            tmp = Files.createTempDirectory(prefix);
            flags.put(Settings.DATA_DIR.key(), tmp.toString());
        }
        if (!flags.containsKey(Settings.MQTT_PORT.key()) && System.getenv(Settings.MQTT_PORT.envName()) == null
                || "0".equals(flags.get(Settings.MQTT_PORT.key()))) {
            flags.put(Settings.MQTT_PORT.key(), Integer.toString(freePort()));
        }
        flags.putIfAbsent(Settings.HTTP_PORT.key(), "0");
        // The database runs as under `run` (durable: fsync and synchronous commit on), so that the figures
        // are the production path's; -D db.embedded.durable=false measures without them, and says so.
        return new BenchConfig(ConfigLoader.load(flags, System.getenv(), Optional.ofNullable(options.configFile)), tmp);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (tmp == null) {
            return;
        }
        try (var paths = Files.walk(tmp)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
