package io.coldchain.core.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP API's listeners.
 *
 * @param host address of the plain HTTP listener (loopback by default)
 * @param port its port; 0 picks a free one
 * @param tls the HTTPS listener, when a certificate and key are configured
 * @param publicUrl the address people reach the API at ({@code http.public.url}; absolute http(s),
 *     no query, no trailing slash), the base of printed QR codes' URLs; empty: taken from the request
 */
public record HttpOptions(String host, int port, Optional<TlsListener> tls, Optional<URI> publicUrl) {
    public HttpOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(publicUrl, "publicUrl");
    }

    /** No public address configured. */
    public HttpOptions(String host, int port, Optional<TlsListener> tls) {
        this(host, port, tls, Optional.empty());
    }

    /** Plain HTTP only. */
    public HttpOptions(String host, int port) {
        this(host, port, Optional.empty());
    }
}
