package io.coldchain.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A TLS listener of the embedded broker or of the HTTP API: where it listens and the PEM files
 * that make it TLS. It exists only when both files are configured.
 *
 * @param host address to listen on; TLS listeners may be opened wider than the plain ones
 * @param port port to listen on (0 picks a free one where the server allows it)
 * @param certificate PEM certificate, the server's first, then its chain
 * @param privateKey PEM private key (PKCS#8 {@code BEGIN PRIVATE KEY} or PKCS#1
 *     {@code BEGIN RSA PRIVATE KEY}, unencrypted)
 */
public record TlsListener(String host, int port, Path certificate, Path privateKey) {
    public TlsListener {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }
}
