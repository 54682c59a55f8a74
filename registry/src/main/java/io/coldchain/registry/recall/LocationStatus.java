package io.coldchain.registry.recall;

import io.coldchain.core.error.ColdchainException;
import java.util.Arrays;
import java.util.Locale;

/** Where the follow-up of one site of a recall stands: told, product off the shelves, checked by QA. */
public enum LocationStatus {
    NOTIFIED,
    REMOVED,
    CONFIRMED;

    /** The name on the wire and in the database. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a wire name, or 400 naming the field. */
    public static LocationStatus parse(String field, String value) {
        return Arrays.stream(values())
                .filter(s -> s.wire().equals(value))
                .findFirst()
                .orElseThrow(() -> ColdchainException.badRequest(
                        "invalid_body", field + " must be one of notified, removed, confirmed"));
    }
}
