package io.coldchain.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP API's listeners.
 *
 * @param host address of the plain HTTP listener (loopback by default)
 * @param port its port; 0 picks a free one
 * @param tls the HTTPS listener, when a certificate and key are configured
 */
public record HttpOptions(String host, int port, Optional<TlsListener> tls) {
    public HttpOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
    }

    /** Plain HTTP only. */
    public HttpOptions(String host, int port) {
        this(host, port, Optional.empty());
    }
}
