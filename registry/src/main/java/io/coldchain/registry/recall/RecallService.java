package io.coldchain.registry.recall;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.coldchain.registry.AuditStore;
import io.coldchain.registry.RegionScope;
import io.coldchain.registry.RegistryStore.Actor;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.RegistryView.Site;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A recall's life: made (its lots held, their locations found, each site {@code notified}), each
 * site followed up ({@code removed}, {@code confirmed}), closed when every site is confirmed (or
 * earlier with a note saying why). Every change is audited in the caller's transaction; the caller
 * runs each method on a worker, inside one transaction for the writes.
 *
 * <p>Making and closing a recall queue a notice for each of the tenant's notification targets
 * ({@link RecallNotices}) in the same transaction; the recall shows how their sending went.
 *
 * <p>Regulators read the recalls that touch their region, by the one definition of it
 * ({@link RegionScope}): a recall of a lot that lies in the region (shipped from or to a site there,
 * or placed there), or with a location site whose region code {@link RegionScope#admitsRegion
 * admits}; anything else is 404, as for a recall that does not exist. (The edge then shows such a
 * regulator only its region's sites.)
 */
public final class RecallService {
    private final RecallStore store;
    private final LotLocations locations;
    private final RegistryView registry;
    private final BatchHolds holds;
    private final AuditStore audit;
    private final RecallNotices notices;

    public RecallService(
            RecallStore store,
            LotLocations locations,
            RegistryView registry,
            BatchHolds holds,
            AuditStore audit,
            RecallNotices notices) {
        this.notices = notices;
        this.store = store;
        this.locations = locations;
        this.registry = registry;
        this.holds = holds;
        this.audit = audit;
    }

    /** What a new recall names. */
    public record NewRecall(String id, List<String> lots, String reason) {
        public NewRecall {
            lots = List.copyOf(lots);
        }
    }

    /** Makes the recall: 400 for a lot that is not the tenant's, 409 for an id in use. */
    public Recall create(Connection c, String tenant, NewRecall r, Actor actor, Instant now) throws SQLException {
        List<RecallLocation> found = new ArrayList<>();
        for (int i = 0; i < r.lots().size(); i++) {
            String lot = r.lots().get(i);
            if (registry.batch(c, tenant, lot).isEmpty()) {
                throw ColdchainException.badRequest(
                        "invalid_body",
                        "lots[" + i + "] " + Ids.describe(lot) + " is not a registered batch of tenant " + tenant);
            }
            found.addAll(locations.of(c, tenant, lot, now));
        }
        if (!store.insert(c, tenant, r.id(), r.reason(), r.lots(), found, actor.subject())) {
            throw ColdchainException.conflict("recall_exists", "recall " + r.id() + " exists already");
        }
        holds.hold(c, tenant, r.id(), r.lots());
        notices.queue(c, require(c, tenant, r.id()), RecallNotices.Event.CREATED, now);
        Recall made = require(c, tenant, r.id());
        audit.insert(
                c,
                tenant,
                actor.subject(),
                actor.role(),
                "create_recall",
                "recall",
                r.id(),
                null,
                new JsonObject()
                        .put("lots", new JsonArray(r.lots()))
                        .put("reason", r.reason())
                        .put(
                                "sites",
                                new JsonArray(made.sites().stream()
                                        .map(SiteFollowUp::site)
                                        .toList())));
        return made;
    }

    /** The recall if it exists and lies in the scope. */
    public Optional<Recall> find(Connection c, String tenant, String id, RegionScope scope) throws SQLException {
        Optional<RecallStore.Header> h = store.header(c, tenant, id, false);
        if (h.isEmpty()) {
            return Optional.empty();
        }
        Recall r = assemble(c, tenant, h.get());
        return visible(r, scope, lotsInScope(c, tenant, scope)) ? Optional.of(r) : Optional.empty();
    }

    /** The tenant's recalls in the scope, newest first. */
    public List<Recall> list(Connection c, String tenant, RegionScope scope) throws SQLException {
        List<Recall> out = new ArrayList<>();
        Set<String> lots = lotsInScope(c, tenant, scope);
        for (RecallStore.Header h : store.headers(c, tenant)) {
            Recall r = assemble(c, tenant, h);
            if (visible(r, scope, lots)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The tenant's lots in a regional scope (RegionScope's SQL); none needed for the whole tenant. */
    private Set<String> lotsInScope(Connection c, String tenant, RegionScope scope) throws SQLException {
        return scope.regional() ? registry.batchesInRegion(c, tenant, scope.prefix()) : Set.of();
    }

    /** In the scope: the whole tenant, or one of its lots lies in the region, or one of its sites does. */
    private static boolean visible(Recall r, RegionScope scope, Set<String> lotsInScope) {
        return !scope.regional()
                || r.lots().stream().anyMatch(lotsInScope::contains)
                || scope.admitsAnyRegion(r.regions());
    }

    /** Sets one site's follow-up: 404 for a site that is not one of the recall's, 409 once closed. */
    public Recall updateSite(
            Connection c, String tenant, String id, String site, LocationStatus status, String note, Actor actor)
            throws SQLException {
        Recall before = requireOpen(c, tenant, id);
        SiteFollowUp was = before.sites().stream()
                .filter(s -> s.site().equals(site))
                .findFirst()
                .orElseThrow(() -> ColdchainException.notFound(
                        "site " + Ids.describe(site) + " is not a location of recall " + id));
        store.setSite(c, tenant, id, site, status, note, actor.subject());
        audit.insert(
                c,
                tenant,
                actor.subject(),
                actor.role(),
                "update_recall_location",
                "recall",
                id,
                new JsonObject()
                        .put("site", site)
                        .put("status", was.status().wire())
                        .put("note", was.note()),
                new JsonObject().put("site", site).put("status", status.wire()).put("note", note));
        return require(c, tenant, id);
    }

    /**
     * Closes the recall with a note saying what came of it, and decides its holds (the lots are
     * withdrawn: discarded). 409 while a site is not confirmed, unless {@code force} (the note then
     * says why; the audit row lists the sites left unconfirmed); 409 once closed.
     */
    public Recall close(Connection c, String tenant, String id, String note, boolean force, Actor actor)
            throws SQLException {
        Recall before = requireOpen(c, tenant, id);
        List<String> pending = before.sites().stream()
                .filter(s -> s.status() != LocationStatus.CONFIRMED)
                .map(SiteFollowUp::site)
                .toList();
        if (!pending.isEmpty() && !force) {
            throw ColdchainException.conflict(
                    "unconfirmed_locations",
                    "sites not yet confirmed: " + String.join(", ", pending)
                            + "; confirm them, or close with \"force\": true and a note saying why");
        }
        store.close(c, tenant, id, note, actor.subject());
        holds.decide(c, tenant, id, actor.subject());
        Recall closed = require(c, tenant, id);
        notices.queue(c, closed, RecallNotices.Event.CLOSED, closed.closedAt());
        audit.insert(
                c,
                tenant,
                actor.subject(),
                actor.role(),
                "close_recall",
                "recall",
                id,
                null,
                new JsonObject().put("note", note).put("unconfirmed", new JsonArray(pending)));
        return require(c, tenant, id);
    }

    private Recall requireOpen(Connection c, String tenant, String id) throws SQLException {
        RecallStore.Header h = store.header(c, tenant, id, true)
                .orElseThrow(
                        () -> ColdchainException.notFound("no recall " + Ids.describe(id) + " for tenant " + tenant));
        if (h.closedAt() != null) {
            throw ColdchainException.conflict("recall_closed", "recall " + id + " was closed at " + h.closedAt());
        }
        return assemble(c, tenant, h);
    }

    private Recall require(Connection c, String tenant, String id) throws SQLException {
        return assemble(
                c,
                tenant,
                store.header(c, tenant, id, false)
                        .orElseThrow(() -> new SQLException("recall " + id + " vanished inside its transaction")));
    }

    private Recall assemble(Connection c, String tenant, RecallStore.Header h) throws SQLException {
        List<SiteFollowUp> sites = new ArrayList<>();
        for (RecallStore.SiteRow s : store.sites(c, tenant, h.id())) {
            Optional<Site> site = registry.site(c, tenant, s.site());
            sites.add(new SiteFollowUp(
                    s.site(),
                    site.map(Site::name).orElse(null),
                    site.map(Site::region).orElse(null),
                    s.status(),
                    s.note(),
                    s.updatedAt(),
                    s.updatedBy()));
        }
        return new Recall(
                tenant,
                h.id(),
                h.reason(),
                store.lots(c, tenant, h.id()),
                store.locations(c, tenant, h.id()),
                sites,
                h.createdAt(),
                h.createdBy(),
                h.closedAt(),
                h.closedBy(),
                h.closeNote(),
                notices.of(c, tenant, h.id()));
    }
}
