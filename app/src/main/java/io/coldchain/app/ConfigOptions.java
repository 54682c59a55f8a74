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

    public ColdchainConfig load() {
        Optional<Path> file = Optional.ofNullable(configFile)
                .or(() -> Optional.ofNullable(System.getenv("COLDCHAIN_CONFIG"))
                        .filter(s -> !s.isBlank())
                        .map(Path::of));
        return ConfigLoader.load(overrides, System.getenv(), file);
    }
}
