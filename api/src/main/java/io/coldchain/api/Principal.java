package io.coldchain.api;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, as proven by a verified token.
 *
 * @param subject the token's {@code sub}: names the token (and so the person or tool it was given
 *     to) in logs and, later, in the audit trail
 * @param tenant the tenant the token belongs to
 * @param role {@link #ADMIN}, {@link #QA} or {@link #REGULATOR}
 * @param region for regulators, the administrative region code their reading is limited to
 */
public record Principal(String subject, String tenant, String role, Optional<String> region) {
  public static final String ADMIN = "admin";
  public static final String QA = "qa";
  public static final String REGULATOR = "regulator";

  /** The HTTP roles. {@code gateway} is deliberately absent: gateways speak MQTT, never HTTP. */
  public static final Set<String> ROLES = Set.of(ADMIN, QA, REGULATOR);

  public Principal {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(region, "region");
  }

  public boolean isRegulator() {
    return REGULATOR.equals(role);
  }
}
