package io.coldchain.registry.attribution;

import io.coldchain.core.profile.Profile;
import java.time.Instant;
import java.util.List;

/**
 * A slice of time {@code [from, to)} during which a sensor's attribution is constant: on one asset,
 * with the same batches present.
 *
 * @param site the asset's site, null for vehicles; {@code siteRegion} its region code (null likewise)
 * @param batches the stays present over the whole slice, by start then lot
 * @param profiles the profiles that apply: the asset's own (if any) first, then each present
 *     batch's product profile, distinct by id, resolved per tenant (its own row over a default)
 */
public record Segment(
        Instant from,
        Instant to,
        String asset,
        String assetKind,
        String site,
        String siteRegion,
        List<Stay> batches,
        List<Profile> profiles) {
    public Segment {
        batches = List.copyOf(batches);
        profiles = List.copyOf(profiles);
    }
}
