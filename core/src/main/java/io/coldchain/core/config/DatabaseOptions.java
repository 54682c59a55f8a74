package io.coldchain.core.config;

import io.coldchain.core.error.SecretMask;
import java.util.Optional;

/**
 * Where the readings live.
 *
 * @param url JDBC URL, or empty to start the embedded PostgreSQL
 * @param embeddedPort port for the embedded server; 0 picks a free one
 * @param embeddedDurable fsync and synchronous commit on the embedded server (off only for throw-away benchmarks)
 */
public record DatabaseOptions(
        Optional<String> url, String user, String password, int poolSize, int embeddedPort, boolean embeddedDurable) {
    public boolean embedded() {
        return url.isEmpty();
    }

    @Override
    public String toString() {
        return "DatabaseOptions[url=" + url.map(SecretMask::mask).orElse("(embedded)") + ", user=" + user
                + ", password=" + (password.isEmpty() ? "" : "***") + ", poolSize=" + poolSize + ", embeddedPort="
                + embeddedPort + ", embeddedDurable=" + embeddedDurable + "]";
    }
}
