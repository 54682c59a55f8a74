package io.coldchain.registry.recall;

import java.time.Instant;

/** The follow-up of one site of a recall: its status, the last note, who set it and when. */
public record SiteFollowUp(
        String site,
        String siteName,
        String region,
        LocationStatus status,
        String note,
        Instant updatedAt,
        String updatedBy) {}
