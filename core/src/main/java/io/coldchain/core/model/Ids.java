package io.coldchain.core.model;

import io.coldchain.core.error.ColdchainException;

/**
 * Identifiers (tenant, gateway, sensor, site, asset, lot, sku, profile): 1–64 characters of
 * {@code A-Z a-z 0-9 _ . : -}, as fixed by the external contract. They appear in MQTT topics
 * and URL paths, so nothing else may pass.
 */
public final class Ids {
    public static final int MAX_LENGTH = 64;

    private Ids() {}

    public static boolean isValid(String value) {
        // A plain loop rather than a regex: this runs for every reading on the ingest hot path.
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z')
                    || (ch >= 'A' && ch <= 'Z')
                    || (ch >= '0' && ch <= '9')
                    || ch == '_'
                    || ch == '.'
                    || ch == ':'
                    || ch == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Returns the value, or throws a 400 naming the field when it is not a valid identifier. */
    public static String require(String field, String value) {
        if (!isValid(value)) {
            throw ColdchainException.badRequest(
                    "invalid_identifier",
                    field + " must be 1-64 characters of A-Z a-z 0-9 _ . : - (got " + Ids.describe(value) + ")");
        }
        return value;
    }

    /** A short, log-safe rendering of a possibly hostile value. */
    public static String describe(String value) {
        if (value == null) {
            return "nothing";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return "'" + shown.replaceAll("[\\p{Cntrl}]", "?") + "'";
    }
}
