package io.coldchain.registry.recall;

import java.time.Instant;
import java.util.List;

/**
 * One recall with everything its page shows: the lots, where their units are, each site's follow-up.
 *
 * @param closedAt null while the recall is open
 * @param notifications the notices sent (or being sent) to the tenant's notification targets
 */
public record Recall(
        String tenant,
        String id,
        String reason,
        List<String> lots,
        List<RecallLocation> locations,
        List<SiteFollowUp> sites,
        Instant createdAt,
        String createdBy,
        Instant closedAt,
        String closedBy,
        String closeNote,
        List<RecallNotice> notifications) {
    public Recall {
        lots = List.copyOf(lots);
        notifications = List.copyOf(notifications);
        locations = List.copyOf(locations);
        sites = List.copyOf(sites);
    }

    public boolean open() {
        return closedAt == null;
    }

    /**
     * The region codes of its sites: a regulator reads the recall when one of them is in its region,
     * or when one of its lots lies there ({@code RecallService} asks {@code RegionScope}).
     */
    public List<String> regions() {
        return sites.stream().map(SiteFollowUp::region).toList();
    }
}
