package io.coldchain.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secrets of login sessions: 256 random bits, {@value #PREFIX}-prefixed so that a bearer token
 * from a login is told apart from a JWT of the token command, and stored only as their SHA-256.
 */
final class SessionTokens {
    static final String PREFIX = "ccs_";
    /** The cookie that carries a web app session. */
    static final String COOKIE = "coldchain_session";
    /** The header a cookie session's writes must carry, with the session's CSRF token. */
    static final String CSRF_HEADER = "X-CSRF-Token";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private SessionTokens() {}

    static String newSecret() {
        return PREFIX + random(32);
    }

    static String newCsrfToken() {
        return random(24);
    }

    static boolean looksLikeSession(String token) {
        return token.startsWith(PREFIX) && token.length() < 100;
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Constant-time comparison of a presented CSRF token with the session's. */
    static boolean sameToken(String presented, String expected) {
        return presented != null
                && MessageDigest.isEqual(
                        presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }
}
