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

  /**
   * Reading alerts: admins and qa of the tenant. Regulators: 404 until alerts are scoped to the
   * regulator's region like the rest of the records.
   */
  void requireAlertRead(Principal caller, String tenant) {
    if (caller.isRegulator()) {
      throw notFound(tenant);
    }
    requireOperator(caller, "alerts");
    requireOwnTenant(caller, tenant);
  }

  /** Acknowledging and resolving alerts: admins and qa of the tenant; regulators never write. */
  void requireAlertAction(Principal caller, String tenant) {
    if (!Principal.ADMIN.equals(caller.role()) && !Principal.QA.equals(caller.role())) {
      throw ColdchainException.forbidden("role " + caller.role() + " may not act on alerts");
    }
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
   * Alert notifications (the live alert stream, notification targets, their deliveries): operational
   * settings of the tenant, so {@code admin} and {@code qa} read, {@code admin} writes, and
   * {@code regulator} is 403 (a role matter, the same for every tenant).
   */
  void requireNotifications(Principal caller, String tenant, boolean write) {
    if (write ? !Principal.ADMIN.equals(caller.role()) : caller.isRegulator()) {
      throw ColdchainException.forbidden("role " + caller.role() + " may not " + (write ? "change" : "read")
          + " alert notifications");
    }
    requireOperator(caller, "alert notifications");
    requireOwnTenant(caller, tenant);
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
