package io.coldchain.app;

import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.config.ConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The configuration flags every command shares: a config file and {@code -D key=value} overrides. */
public final class ConfigOptions {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description =
                    "Properties file with settings (keys like db.url, or COLDCHAIN_DB_URL). Default: $COLDCHAIN_CONFIG if set.")
    Path configFile;

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            mapFallbackValue = "",
            description = "Override one setting, e.g. -D http.port=8081 (highest precedence).")
    Map<String, String> overrides = new LinkedHashMap<>();

    /**
     * Set once by {@link ServerMain} before any command runs: the server jar has no embedded servers,
     * so every command's configuration must name external ones (checked here, where every command
     * loads it, so none can reach for the missing embedded classes).
     */
    private static volatile boolean externalServersOnly;

    static void requireExternalServers() {
        externalServersOnly = true;
    }

    public ColdchainConfig load() {
        Optional<Path> file = Optional.ofNullable(configFile)
                .or(() -> Optional.ofNullable(System.getenv("COLDCHAIN_CONFIG"))
                        .filter(s -> !s.isBlank())
                        .map(Path::of));
        ColdchainConfig config = ConfigLoader.load(overrides, System.getenv(), file);
        return externalServersOnly ? ServerMain.requireExternal(config) : config;
    }
}
