package io.coldchain.app;

import io.coldchain.api.TokenService;
import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.config.Durations;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code token}: prints a signed bearer token for the HTTP API. It signs with the same key the
 * backend verifies with: the configured secret, or the key file in the data directory.
 */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Print a bearer token for the HTTP API.")
public final class TokenCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--tenant", required = true, description = "Tenant the token acts for.")
    String tenant;

    @Option(names = "--role", required = true, description = "admin, qa or regulator (read-only).")
    String role;

    @Option(names = "--region", description = "Administrative region code a regulator may read (e.g. 320300).")
    String region;

    @Option(names = "--ttl", description = "Lifetime, e.g. 8h or 30d (default: auth.token.ttl, 12h).")
    String ttl;

    @Option(
            names = "--rotate-key",
            description = "First add a new signing key (older tokens stay valid until their key is removed).")
    boolean rotate;

    @Override
    public Integer call() {
        ColdchainConfig cfg = config.load();
        TokenService tokens = new TokenService(cfg.auth(), cfg.dataDir());
        if (rotate) {
            System.err.println("New signing key: " + tokens.rotate());
        }
        Duration lifetime = ttl == null ? cfg.auth().tokenTtl() : Durations.parse(ttl);
        System.out.println(tokens.issue(tenant, role, Optional.ofNullable(region), lifetime));
        return 0;
    }
}
