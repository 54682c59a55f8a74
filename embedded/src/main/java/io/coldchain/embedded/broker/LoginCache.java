package io.coldchain.embedded.broker;

import io.coldchain.core.credential.MqttCredentialVerifier.Verified;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Successful logins remembered for a short time, so that a fleet reconnecting after a broker
 * restart does not pay an Argon2id check (tens of milliseconds of CPU) per connect. Keyed by user
 * name and a SHA-256 of the password (the password itself is not kept). The short TTL bounds how
 * long a revocation made elsewhere (another instance) takes to bite; revocations and rotations
 * made here drop the user's entries at once ({@link #forget}). Failures are not cached.
 */
final class LoginCache {
    private record Key(String username, String digest) {}

    private record Entry(Verified verified, Instant expires) {}

    private static final int MAX_ENTRIES = 100_000;

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    LoginCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    Optional<Verified> get(String username, byte[] password) {
        Key key = new Key(username, digest(password));
        Entry e = entries.get(key);
        Instant now = clock.instant();
        if (e == null
                || !now.isBefore(e.expires())
                || e.verified()
                        .validUntil()
                        .filter(until -> !now.isBefore(until))
                        .isPresent()) {
            return Optional.empty();
        }
        return Optional.of(e.verified());
    }

    void put(String username, byte[] password, Verified verified) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear(); // a flood of distinct logins: start over rather than grow
        }
        entries.put(
                new Key(username, digest(password)),
                new Entry(verified, clock.instant().plus(ttl)));
    }

    void forget(String username) {
        entries.keySet().removeIf(k -> k.username().equals(username));
    }

    private static String digest(byte[] password) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(password);
            String hex = java.util.HexFormat.of().formatHex(d);
            Arrays.fill(d, (byte) 0);
            return hex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
