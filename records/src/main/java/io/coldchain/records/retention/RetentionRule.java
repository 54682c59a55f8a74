package io.coldchain.records.retention;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * How long the records of a batch are kept (Food Safety Law art. 50, 51, 53): at least six months
 * after its shelf life ends, and at least two years. The two years run from production, the start
 * of the batch's record; a reading of the batch taken later is also kept two years from its own
 * time by the global retention ({@code storage.retention}, never below two years).
 */
public final class RetentionRule {
    private RetentionRule() {}

    /** max(expires_at + 6 months, produced_at + 2 years), in UTC calendar arithmetic. */
    public static Instant keepUntil(Instant producedAt, Instant expiresAt) {
        Instant afterShelfLife = OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)
                .plusMonths(6)
                .toInstant();
        Instant twoYears = OffsetDateTime.ofInstant(producedAt, ZoneOffset.UTC)
                .plusYears(2)
                .toInstant();
        return afterShelfLife.isAfter(twoYears) ? afterShelfLife : twoYears;
    }
}
