package io.coldchain.records.digest;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One stored version of a sensor-day's seal ({@code reading_digests}), with what the readings hash
 * to now for the same rows ({@code recomputed*}: rows received before {@code coversReceivedBefore})
 * and how many rows arrived after it ({@code lateRowsSince}).
 */
public record DaySeal(
        long id,
        String tenant,
        String sensor,
        LocalDate day,
        int version,
        int rowCount,
        byte[] rowsHash,
        byte[] prevDigest,
        byte[] digest,
        Instant coversReceivedBefore,
        int lateRows,
        String reason,
        Instant sealedAt,
        int recomputedCount,
        byte[] recomputedHash,
        int lateRowsSince) {

    /** Whether the rows this version covered still hash to what was sealed. */
    public boolean rowsIntact() {
        return rowCount == recomputedCount && java.util.Arrays.equals(rowsHash, recomputedHash);
    }

    /** Whether the stored digest is the link of its own stored fields (a row edited in place is not). */
    public boolean linkIntact() {
        return java.util.Arrays.equals(digest, ChainDigest.link(prevDigest, tenant, sensor, day, rowCount, rowsHash));
    }
}
