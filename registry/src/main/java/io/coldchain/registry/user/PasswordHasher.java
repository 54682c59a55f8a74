package io.coldchain.registry.user;

import java.security.SecureRandom;

/**
 * The web app's passwords: what a new account's password must be ({@link #weakness}), generated
 * passwords, and the hashes themselves, which are the same Argon2id PHC strings as the MQTT
 * credentials' ({@link io.coldchain.registry.credential.PasswordHasher}, the one implementation).
 */
public final class PasswordHasher {
    /** Shortest password accepted for a new account. */
    public static final int MIN_LENGTH = 10;
    /** Longest: far above any passphrase, and a bound on the work one login can ask for. */
    public static final int MAX_LENGTH = 200;

    private static final io.coldchain.registry.credential.PasswordHasher ARGON2ID =
            new io.coldchain.registry.credential.PasswordHasher();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Verified against when the username is unknown, so that the answer takes as long as for a known one. */
    private static final String DUMMY = new PasswordHasher().hash("not-a-real-password-" + RANDOM.nextLong());

    /** A new hash of {@code password} with a fresh salt. */
    public String hash(String password) {
        return ARGON2ID.hash(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Whether {@code password} matches {@code phc}; false for a hash we cannot read. Constant time in the hash. */
    public boolean verify(String password, String phc) {
        if (password == null || password.length() > MAX_LENGTH) {
            return false;
        }
        return ARGON2ID.matches(password.getBytes(java.nio.charset.StandardCharsets.UTF_8), phc);
    }

    /** Spends the time of one verification, for a username that does not exist. */
    public void verifyNothing(String password) {
        verify(password == null ? "" : password, DUMMY);
    }

    /**
     * Why {@code password} is not acceptable for a new account, or null when it is: at least
     * {@link #MIN_LENGTH} characters, at most {@link #MAX_LENGTH}, not all one character.
     */
    public static String weakness(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "password must be at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "password must be at most " + MAX_LENGTH + " characters";
        }
        if (password.chars().distinct().count() < 4) {
            return "password must use at least 4 different characters";
        }
        return null;
    }

    /** A random password of 20 characters from an unambiguous alphabet, for generated accounts. */
    public static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
