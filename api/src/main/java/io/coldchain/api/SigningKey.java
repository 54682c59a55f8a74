package io.coldchain.api;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One HMAC-SHA256 key with its id ({@code kid} in the token header).
 *
 * @param created when the key was made; the newest key is the one that signs
 */
record SigningKey(String kid, byte[] secret, Instant created) {
    /** 256 bits: the HS256 minimum (RFC 7518 §3.2) and all the strength HMAC-SHA256 can use. */
    static final int SECRET_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(created, "created");
        if (secret.length < SECRET_BYTES) {
            throw new IllegalArgumentException("key " + kid + " is shorter than " + SECRET_BYTES + " bytes");
        }
    }

    /** A fresh random key; its id carries the day it was made, so that operators can tell keys apart. */
    static SigningKey generate(Instant now) {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return new SigningKey("k" + DAY.format(now) + "-" + HexFormat.of().formatHex(suffix), secret, now);
    }

    @Override
    public String toString() {
        // Never the secret: keys end up in log lines and assertion messages.
        return "SigningKey[" + kid + ", created " + created + "]";
    }
}
