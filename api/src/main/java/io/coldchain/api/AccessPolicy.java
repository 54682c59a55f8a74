package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.registry.RegionScope;
import io.coldchain.registry.RegistryStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Who may read and write what: every endpoint asks here before it touches the database, so the
 * rules are in one place.
 *
 * <p>The rules (contract §3–§4):
 * <ul>
 *   <li>No valid token: 401 ({@link BearerAuth}, before anything here).
 *   <li>{@code admin} writes the registry of its own tenant; {@code qa} and {@code regulator} may
 *       never write: 403, whatever the tenant or region (a role matter, the same for everyone, so it
 *       reveals nothing). An admin writing another tenant gets 404.
 *   <li>{@code admin} and {@code qa} read their own tenant: readings, registry, shipments,
 *       placements; rejections and unassigned sensors too. The audit trail: {@code admin} only
 *       ({@code qa} 403).
 *   <li>Another tenant's anything is 404 for {@code admin} and {@code qa}, never 403: the answer must
 *       not tell whether the tenant or the id exists.
 *   <li>{@code regulator} reads any tenant, limited to what lies in its region
 *       ({@link Principal#regionPrefix()}; which rows that is, is decided by the SQL of
 *       {@link RegionScope}): sites in the region, assets on them, sensors on those
 *       assets and their readings, shipments from or to such a site, placements on such an asset,
 *       the batches of those, their products, the profiles those assets and products use, and the
 *       audit entries about any of these. An item outside the region is 404, exactly as one that
 *       does not exist; a list holds only what is in the region (empty for a tenant with nothing
 *       there, or with no such tenant: the answer is the same). A regulator token without a region
 *       reads nothing (404).
 *   <li>{@code regulator} may never list rejections or unassigned sensors: operational data of the
 *       tenant, not records of its products; 403 (a role matter).
 *   <li>Records (temperature logs, batch traces, integrity, calibrations; {@link #readScope}):
 *       {@code admin} and {@code qa} of the tenant; {@code regulator} of any tenant for what lies in
 *       its region (the same prefix rule), 404 elsewhere; calibration records are written by
 *       {@code admin} only.
 * </ul>
 *
 * <p>Every check takes the request's {@link RequestContext}, built once after authentication.
 * Checks that need the database ({@link #requireInScope}) run inside the endpoint's
 * {@link DbWorker} work, never on the event loop.
 */
final class AccessPolicy {

    private final RegistryStore regions;

    /** @param regions answers which registry entries lie in a region */
    AccessPolicy(RegistryStore regions) {
        this.regions = Objects.requireNonNull(regions, "regions");
    }

    /**
     * Reading the tenant's records of its products: readings, the registry (sites, assets, sensors,
     * profiles, products, batches, shipments, placements), alerts, temperature logs, batch traces,
     * integrity, calibrations. The tenant's admin and qa see all of it ({@link RegionScope#WHOLE_TENANT});
     * a regulator of any tenant what lies in its region; a regulator without a region nothing (404).
     */
    RegionScope readScope(RequestContext request) {
        String tenant = request.tenant();
        if (request.caller().isRegulator()) {
            return request.region().orElseThrow(() -> notFound(tenant));
        }
        requireOperator(request, "this");
        requireOwnTenant(request);
        return RegionScope.WHOLE_TENANT;
    }

    /**
     * Operational data of the tenant (rejections, unassigned sensors, reading conflicts), not records
     * of its products: admin and qa of the tenant; regulators 403.
     */
    void requireOperational(RequestContext request, String what) {
        requireOperator(request, what);
        requireOwnTenant(request);
    }

    /**
     * MQTT credentials, read or written: admins of the tenant only; qa and regulators 403 whatever the
     * tenant (a role matter, it reveals nothing), another tenant's admin 404.
     */
    void requireCredentials(RequestContext request) {
        if (!request.hasRole(Principal.ADMIN)) {
            throw ColdchainException.forbidden("role " + request.role() + " may not manage MQTT credentials");
        }
        requireOwnTenant(request);
    }

    /**
     * Creating or replacing registry entries, shipments, deliveries, placements, calibration records:
     * admins of the tenant.
     */
    void requireRegistryWrite(RequestContext request) {
        // The role first: a regulator or qa gets 403 whatever the tenant, so the answer reveals nothing.
        if (!request.hasRole(Principal.ADMIN)) {
            throw ColdchainException.forbidden("role " + request.role() + " may not change the registry");
        }
        requireOwnTenant(request);
    }

    /** The audit trail: the tenant's admin (all of it); a regulator the entries about what is in its region. */
    RegionScope auditScope(RequestContext request) {
        if (request.hasRole(Principal.QA)) {
            throw ColdchainException.forbidden("role qa may not read the audit trail");
        }
        return readScope(request);
    }

    /** Which alerts a scope may see, decided from the alert's site and the lots it names. */
    @FunctionalInterface
    interface AlertFilter {
        boolean admits(String site, java.util.Collection<String> lots);
    }

    /**
     * The alerts in the scope: all for a whole-tenant scope; for a region, those raised on a site of
     * the region or naming a batch that lies in it (a truck's excursion on a delivery into the
     * region). The region's sites and batches are read once, so a list of alerts costs two queries,
     * not two per alert. Blocking: call it from {@link DbWorker} work.
     */
    AlertFilter alertFilter(Connection c, RegionScope scope, String tenant) throws SQLException {
        if (!scope.regional()) {
            return (site, lots) -> true;
        }
        String prefix = scope.prefix();
        java.util.Set<String> sites = regions.idsInRegion(c, "sites", tenant, prefix);
        java.util.Set<String> batches = regions.idsInRegion(c, "batches", tenant, prefix);
        return (site, lots) ->
                (site != null && sites.contains(site)) || lots.stream().anyMatch(batches::contains);
    }

    /** Acknowledging and resolving alerts: admins and qa of the tenant; regulators never write. */
    void requireAlertAction(RequestContext request) {
        if (!request.hasRole(Principal.ADMIN) && !request.hasRole(Principal.QA)) {
            throw ColdchainException.forbidden("role " + request.role() + " may not act on alerts");
        }
        requireOwnTenant(request);
    }

    /** 404 unless a site with this region code lies in the scope ({@link RegionScope#admitsRegion}). */
    void requireSiteRegion(RegionScope scope, String tenant, String siteRegion) {
        if (!scope.admitsRegion(siteRegion)) {
            throw notFound(tenant);
        }
    }

    /**
     * Alert notifications (the live alert stream, notification targets, their deliveries): operational
     * settings of the tenant, so {@code admin} and {@code qa} read, {@code admin} writes, and
     * {@code regulator} is 403 (a role matter, the same for every tenant).
     */
    void requireNotifications(RequestContext request, boolean write) {
        if (write ? !request.hasRole(Principal.ADMIN) : request.caller().isRegulator()) {
            throw ColdchainException.forbidden(
                    "role " + request.role() + " may not " + (write ? "change" : "read") + " alert notifications");
        }
        requireOperator(request, "alert notifications");
        requireOwnTenant(request);
    }

    /**
     * Recalls (contract §9), made and followed up: admin and qa of the tenant; regulators never write
     * (403, a role matter).
     */
    void requireRecallWrite(RequestContext request) {
        requireAdminOrQa(request, "act on recalls");
        requireOwnTenant(request);
    }

    /** Reading recalls: admin and qa of the tenant all; a regulator those with a site in its region. */
    RegionScope recallRead(RequestContext request) {
        return readScope(request);
    }

    /**
     * A batch's public trace code (reading issues one; revoking): admin and qa of the tenant; regulators
     * 403 (they read records, they do not publish them).
     */
    void requirePublicCodes(RequestContext request) {
        requireAdminOrQa(request, "manage public trace codes");
        requireOwnTenant(request);
    }

    /**
     * 404 unless the entry {@code id} of {@code collection} ({@code sites}, ..., {@code shipments}) is
     * in the scope; always passes for a whole-tenant scope (the endpoint's own lookup answers 404 for
     * what does not exist). Blocking: call it from {@link DbWorker} work.
     */
    void requireInScope(Connection c, RegionScope scope, String collection, String tenant, String id)
            throws SQLException {
        if (scope.regional() && !regions.inRegion(c, collection, tenant, id, scope.prefix())) {
            throw notFound(tenant);
        }
    }

    /** A tenant's users: its admin, or the platform administrator. Roles first (403), then the tenant (404). */
    void requireUserAdmin(RequestContext request) {
        if (request.hasRole(Principal.PLATFORM)) {
            return;
        }
        if (!request.hasRole(Principal.ADMIN)) {
            throw ColdchainException.forbidden("role " + request.role() + " may not manage users");
        }
        requireOwnTenant(request);
    }

    /** Regulators' accounts: the platform administrator only. */
    void requirePlatform(RequestContext request, String what) {
        if (!request.hasRole(Principal.PLATFORM)) {
            throw ColdchainException.forbidden(
                    "only the platform administrator may " + what + " (or the command: coldchain user add-regulator)");
        }
    }

    private static void requireOperator(RequestContext request, String what) {
        requireAdminOrQa(request, "read " + what);
    }

    /** 403 for anyone but admin and qa: {@code action} says what the caller may not do. */
    private static void requireAdminOrQa(RequestContext request, String action) {
        if (!request.hasRole(Principal.ADMIN) && !request.hasRole(Principal.QA)) {
            throw ColdchainException.forbidden("role " + request.role() + " may not " + action);
        }
    }

    private static void requireOwnTenant(RequestContext request) {
        if (!request.caller().tenant().equals(request.tenant())) {
            throw notFound(request.tenant());
        }
    }

    static ColdchainException notFound(String tenant) {
        // The same words whether the tenant or the id exists or not, and whether it lies elsewhere.
        return ColdchainException.notFound("nothing found for tenant " + tenant + " that this token may read");
    }
}
