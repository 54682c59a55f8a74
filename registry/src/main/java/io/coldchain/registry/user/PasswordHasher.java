package io.coldchain.registry.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (RFC 9106) in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}, computed by Bouncy Castle.
 *
 * <p>The cost (19 MiB, 2 passes, 1 lane) is OWASP's recommended minimum for Argon2id: about 30–60 ms
 * a hash on one core, which bounds what a stolen table is worth without making a login slow. The
 * parameters are stored in each hash, so raising them later keeps old hashes verifiable.
 */
public final class PasswordHasher {
  /** Shortest password accepted for a new account. */
  public static final int MIN_LENGTH = 10;
  /** Longest: far above any passphrase, and a bound on the work one login can ask for. */
  public static final int MAX_LENGTH = 200;

  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Verified against when the username is unknown, so that the answer takes as long as for a known one. */
  private static final String DUMMY = new PasswordHasher().hash("not-a-real-password-" + RANDOM.nextLong());

  /** A new hash of {@code password} with a fresh salt. */
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt)
        + "$" + B64.encodeToString(out);
  }

  /** Whether {@code password} matches {@code phc}; false for a hash we cannot read. Constant time in the hash. */
  public boolean verify(String password, String phc) {
    Matcher m = PHC.matcher(phc == null ? "" : phc);
    if (!m.matches() || password == null || password.length() > MAX_LENGTH) {
      return false;
    }
    byte[] salt = B64D.decode(m.group(4));
    byte[] expected = B64D.decode(m.group(5));
    byte[] actual = derive(password, salt, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)), expected.length);
    return MessageDigest.isEqual(expected, actual);
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

  private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism).withSalt(salt).build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[length];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
