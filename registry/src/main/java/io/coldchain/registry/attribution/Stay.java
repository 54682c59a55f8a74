package io.coldchain.registry.attribution;

import java.time.Instant;

/**
 * One batch on one asset for a half-open interval {@code [from, to)}, {@code to} null while open.
 *
 * @param via {@code "shipment"} (the batch on a vehicle from departure to arrival) or
 *     {@code "placement"} (in a cold room, display case or freezer)
 * @param ref the shipment id, or the placement id as text
 * @param site the asset's site; null for vehicles (truck, trailer, tanker)
 */
public record Stay(
        String lot,
        String sku,
        String productName,
        String productProfile,
        String asset,
        String assetKind,
        String site,
        String via,
        String ref,
        Instant from,
        Instant to) {
    public static final String SHIPMENT = "shipment";
    public static final String PLACEMENT = "placement";

    /** Whether the stay covers the instant {@code t} (half-open: its end is not covered). */
    public boolean covers(Instant t) {
        return !t.isBefore(from) && (to == null || t.isBefore(to));
    }
}
