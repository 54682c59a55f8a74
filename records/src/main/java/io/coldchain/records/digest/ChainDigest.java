package io.coldchain.records.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;

/**
 * The chained daily digest of one sensor, in plain Java (the rows' hash comes from the database,
 * see {@link DigestStore#ROW_LINE}):
 *
 * <pre>digest(day) = SHA-256( digest(day - 1) || UTF-8(tenant "\n" sensor "\n" yyyy-mm-dd "\n" row_count "\n") || rows_hash )</pre>
 *
 * with {@link #GENESIS} (32 zero bytes) before a sensor's first sealed day. Naming tenant and sensor
 * in each link means readings moved to another sensor's key cannot keep a valid chain.
 */
public final class ChainDigest {
    public static final byte[] GENESIS = new byte[32];
    private static final HexFormat HEX = HexFormat.of();

    private ChainDigest() {}

    public static byte[] link(
            byte[] prev, String tenant, String sensor, LocalDate day, long rowCount, byte[] rowsHash) {
        MessageDigest sha = sha256();
        sha.update(prev);
        sha.update((tenant + "\n" + sensor + "\n" + day + "\n" + rowCount + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(rowsHash);
        return sha.digest();
    }

    public static String hex(byte[] b) {
        return b == null ? null : HEX.formatHex(b);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
