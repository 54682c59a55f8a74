package io.coldchain.api;

import io.coldchain.registry.RegionScope;
import io.coldchain.registry.recall.Recall;
import io.coldchain.registry.recall.RecallLocation;
import io.coldchain.registry.recall.RecallNotice;
import io.coldchain.registry.recall.SiteFollowUp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A recall as JSON: per lot, its locations (site, assets, in transit) each with the site's follow-up;
 * and the sites once more as a list. A regulator sees only the sites of its region (the recall is
 * the tenant's; the region's part of it is the regulator's business). {@code notifications} lists the
 * notices sent to the tenant's notification targets when it was made and closed.
 */
final class RecallJson {
    private RecallJson() {}

    static JsonObject render(Recall r, RegionScope scope) {
        Map<String, SiteFollowUp> sites = r.sites().stream()
                .filter(s -> scope.admitsRegion(s.region()))
                .collect(Collectors.toMap(SiteFollowUp::site, Function.identity()));
        JsonArray lots = new JsonArray();
        for (String lot : r.lots()) {
            JsonArray at = new JsonArray();
            for (RecallLocation l : r.locations()) {
                SiteFollowUp s = sites.get(l.site());
                if (l.lot().equals(lot) && s != null) {
                    at.add(site(s).put("assets", new JsonArray(l.assets())).put("in_transit", l.inTransit()));
                }
            }
            lots.add(new JsonObject().put("lot", lot).put("locations", at));
        }
        JsonArray followUps = new JsonArray();
        r.sites().stream().filter(s -> sites.containsKey(s.site())).forEach(s -> followUps.add(site(s)));
        return new JsonObject()
                .put("id", r.id())
                .put("reason", r.reason())
                .put("status", r.open() ? "open" : "closed")
                .put("created_at", str(r.createdAt()))
                .put("created_by", r.createdBy())
                .put("closed_at", str(r.closedAt()))
                .put("closed_by", r.closedBy())
                .put("close_note", r.closeNote())
                .put("lots", lots)
                .put("sites", followUps)
                .put("notifications", scope.regional() ? new JsonArray() : notifications(r));
    }

    /** How the notices to the tenant's notification targets went (the tenant's setup: not for a regulator). */
    private static JsonArray notifications(Recall r) {
        JsonArray out = new JsonArray();
        for (RecallNotice n : r.notifications()) {
            out.add(new JsonObject()
                    .put("target", n.target())
                    .put("event", n.event())
                    .put("status", n.status())
                    .put("attempts", n.attempts())
                    .put("last_error", n.lastError()));
        }
        return out;
    }

    private static JsonObject site(SiteFollowUp s) {
        return new JsonObject()
                .put("site", s.site())
                .put("name", s.siteName())
                .put("region", s.region())
                .put("status", s.status().wire())
                .put("note", s.note())
                .put("updated_at", str(s.updatedAt()))
                .put("updated_by", s.updatedBy());
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
