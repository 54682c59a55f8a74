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
 * @param region for regulators, the administrative region code their reading is limited to; a
 *     regulator without one reads nothing (see {@link AccessPolicy})
 */
public record Principal(String subject, String tenant, String role, Optional<String> region) {
    public static final String ADMIN = "admin";
    public static final String QA = "qa";
    public static final String REGULATOR = "regulator";
    /**
     * The platform administrator (a login user, never a token): manages regulators and the users of
     * tenants, and reads no tenant's data (every tenant endpoint answers 403).
     */
    public static final String PLATFORM = "platform";

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

    /**
     * What a site's region code must start with to lie in this caller's region: the token's code
     * without its trailing pairs of zeros, keeping at least two digits. Chinese administrative
     * division codes (GB/T 2260) pad the levels above the county with zeros, so {@code 320000}
     * (province) and {@code 32} both cover every site coded {@code 32....}, {@code 320300} (a city)
     * covers {@code 320300} and its districts {@code 3203xx}, and {@code 320311} only itself. Empty
     * for callers without a region.
     */
    public Optional<String> regionPrefix() {
        return region.map(Principal::prefixOf);
    }

    static String prefixOf(String code) {
        String p = code;
        while (p.length() > 2 && p.endsWith("00")) {
            p = p.substring(0, p.length() - 2);
        }
        return p;
    }
}
