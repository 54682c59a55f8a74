package io.coldchain.records.trace;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the public page of a batch shows a consumer or a shop: the product, the lot, its dates and,
 * per leg, whether the cold chain was kept. Deliberately nothing internal: no tenant, no site, asset
 * or sensor ids, no people, no other lots; a leg says only what kind of place it was.
 *
 * @param recalled a recall names the lot: do not sell or eat it
 */
public record PublicTrace(
        String product,
        String lot,
        LocalDate producedOn,
        LocalDate expiresOn,
        Verdict verdict,
        boolean recalled,
        List<PublicLeg> legs) {

    public PublicTrace {
        legs = List.copyOf(legs);
    }

    /** Whether the cold chain was kept. */
    public enum Verdict {
        /** Every reading within the product's limits and no excursion. */
        WITHIN_LIMITS,
        /** Some time out of the limits, or an excursion alert. */
        OUT_OF_LIMITS,
        /** No reading at all for (part of) the time: nothing can be said. */
        NO_READINGS;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One leg: a kind of asset ({@code truck}, {@code cold_room}, ...), the kind of site it stood at
     * (null for vehicles), the dates, and the verdict with the time out of range.
     */
    public record PublicLeg(
            String assetKind, String siteKind, Instant from, Instant to, Verdict verdict, Duration outOfRange) {}
}
