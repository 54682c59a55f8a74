package io.coldchain.embedded.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The backend's own login on the embedded broker: generated at every start, kept in memory only
 * (never printed, never stored), used by the backend's ingest consumers and alert publisher.
 * Only it may use the backend's client ids ({@code clientIdPrefix} and {@code clientIdPrefix-*}),
 * its shared-subscription group and publish on {@code coldchain/v1/+/alerts}.
 *
 * @param username without a {@code /}, so it can never be a tenant credential's {@code {tenant}/{name}}
 */
public record BackendLogin(String username, String password, String clientIdPrefix) {

    public static BackendLogin generate(String clientIdPrefix) {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return new BackendLogin(
                "coldchain-backend", Base64.getUrlEncoder().withoutPadding().encodeToString(b), clientIdPrefix);
    }

    boolean matches(String user, byte[] pw) {
        return username.equals(user) && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), pw);
    }

    /** Whether {@code clientId} is one of the backend's (consumer i is prefix-i, the notifier prefix-notify). */
    boolean ownsClientId(String clientId) {
        return clientId.equals(clientIdPrefix) || clientId.startsWith(clientIdPrefix + "-");
    }

    @Override
    public String toString() {
        return "BackendLogin[username=" + username + ", password=***, clientIdPrefix=" + clientIdPrefix + "]";
    }
}
