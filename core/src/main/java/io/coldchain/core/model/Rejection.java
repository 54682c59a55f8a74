package io.coldchain.core.model;

import java.util.Objects;

/**
 * A refusal with its reason, the field it concerns (JSON-pointer-like, e.g. {@code readings[3].ts};
 * null for the whole message) and a human-readable detail.
 */
public record Rejection(RejectReason reason, String field, String detail) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return reason.code() + (field == null ? "" : " at " + field) + ": " + detail;
    }
}
