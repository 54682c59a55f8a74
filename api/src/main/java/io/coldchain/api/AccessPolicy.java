package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;

/**
 * Who may read what: every endpoint asks here before it touches the database, so the rules are in
 * one place and the registry can extend them without touching the handlers.
 *
 * <p>The rules today:
 * <ul>
 *   <li>{@code admin} and {@code qa} read their own tenant's readings, rejections and unassigned sensors.
 *   <li>Another tenant's anything is 404, never 403: the answer must not tell whether the tenant
 *       or the id exists.
 *   <li>{@code regulator} may read sensor readings only where the sensor's site is in its region (of
 *       any tenant, by the contract). Sensors are not yet placed on sites (no registry), so no sensor
 *       is known to be in any region and regulators get 404 for every sensor's readings. When the
 *       registry lands, {@link #requireSensorReadings} looks the site's region up instead.
 *   <li>{@code regulator} may never list rejections or unassigned sensors: those are operational
 *       data of the tenant, not records of its products. That is a role matter, the same for every
 *       tenant, so 403 reveals nothing.
 *   <li>The registry (sites, assets, sensors, profiles, products, batches): (and shipments, placements) {@code admin} writes, {@code admin} and {@code qa} read.
 *       Other roles' writes are 403. {@code regulator} reads are 404 for now
 *       ({@link #requireRegistryRead}): a regulator will see only what lies in its region, and that
 *       scoping is the next slice of the registry.
 *   <li>The audit trail: {@code admin} only; other roles 403.
 *   <li>Records (temperature logs, batch traces, integrity, calibrations; {@link #requireRecordsRead}):
 *       {@code admin} and {@code qa} of the tenant; {@code regulator} of any tenant for what lies in
 *       its region, 404 elsewhere; calibration records are written by {@code admin} only.
 * </ul>
 */
final class AccessPolicy {

  /** Raw readings of one sensor. */
  void requireSensorReadings(Principal caller, String tenant, String sensor) {
    if (caller.isRegulator()) {
      // Registry issue: allow when sensor → asset → site has site.region == caller.region().
      throw notFound(tenant);
    }
    requireOwnTenant(caller, tenant);
  }

  /** Rejected messages and readings of a tenant. */
  void requireRejections(Principal caller, String tenant) {
    requireOperator(caller, "rejections");
    requireOwnTenant(caller, tenant);
  }

  /** Sensors that sent readings without being registered. */
  void requireUnassigned(Principal caller, String tenant) {
    requireOperator(caller, "unassigned sensors");
    requireOwnTenant(caller, tenant);
  }

  /** Creating or replacing a site, asset or sensor: admins of the tenant. */
  void requireRegistryWrite(Principal caller, String tenant) {
    if (!Principal.ADMIN.equals(caller.role())) {
      throw ColdchainException.forbidden("role " + caller.role() + " may not change the registry");
    }
    requireOwnTenant(caller, tenant);
  }

  /** Reading sites, assets and sensors: admins and qa of the tenant; regulators see nothing yet. */
  void requireRegistryRead(Principal caller, String tenant) {
    if (caller.isRegulator()) {
      throw regulatorRegistryNotYetScopedToRegion(tenant);
    }
    requireOperator(caller, "the registry");
    requireOwnTenant(caller, tenant);
  }

  /** The registry's audit trail: admins of the tenant. */
  void requireAudit(Principal caller, String tenant) {
    if (!Principal.ADMIN.equals(caller.role())) {
      throw ColdchainException.forbidden("role " + caller.role() + " may not read the audit trail");
    }
    requireOwnTenant(caller, tenant);
  }

  /**
   * Records (temperature logs, batch traces, integrity, calibrations): {@code admin} and {@code qa}
   * of the tenant read them; a {@code regulator} of any tenant may, for what lies in its region.
   * Returns the region the caller is limited to (empty: the whole tenant); the endpoint looks up the
   * record's region(s) and calls {@link #requireInRegion} before it reads anything else. A regulator
   * token without a region reads nothing.
   */
  java.util.Optional<String> requireRecordsRead(Principal caller, String tenant) {
    if (caller.isRegulator()) {
      return java.util.Optional.of(caller.region().orElseThrow(() -> notFound(tenant)));
    }
    requireOperator(caller, "records");
    requireOwnTenant(caller, tenant);
    return java.util.Optional.empty();
  }

  /** 404 unless the caller is unrestricted or one of {@code regions} (of the record) is its region. */
  void requireInRegion(java.util.Optional<String> callerRegion, String tenant, java.util.Collection<String> regions) {
    if (callerRegion.isPresent() && !regions.contains(callerRegion.get())) {
      throw notFound(tenant);
    }
  }

  /** Calibration records are written by admins of the tenant, like the rest of the registry. */
  void requireCalibrationWrite(Principal caller, String tenant) {
    requireRegistryWrite(caller, tenant);
  }

  /**
   * Regulators may read registry entries in their region only; until region scoping lands (the next
   * slice of the registry issue), no entry is known to be in any region, so every read is 404.
   */
  private static ColdchainException regulatorRegistryNotYetScopedToRegion(String tenant) {
    return notFound(tenant);
  }

  private static void requireOperator(Principal caller, String what) {
    if (!Principal.ADMIN.equals(caller.role()) && !Principal.QA.equals(caller.role())) {
      throw ColdchainException.forbidden("role " + caller.role() + " may not read " + what);
    }
  }

  private static void requireOwnTenant(Principal caller, String tenant) {
    if (!caller.tenant().equals(tenant)) {
      throw notFound(tenant);
    }
  }

  private static ColdchainException notFound(String tenant) {
    // The same words whether the tenant exists or not.
    return ColdchainException.notFound("nothing found for tenant " + tenant + " that this token may read");
  }
}
