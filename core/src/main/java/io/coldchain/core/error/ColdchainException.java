package io.coldchain.core.error;

/**
 * The one error type of the domain: it carries an HTTP-like status and a stable error code, and is
 * translated once at the edge (HTTP response, rejected-message record, start-up failure).
 * Deliberately a single class with factories rather than a hierarchy.
 */
public class ColdchainException extends RuntimeException {
    private final int status;
    private final String error;

    public ColdchainException(int status, String error, String detail) {
        this(status, error, detail, null);
    }

    public ColdchainException(int status, String error, String detail, Throwable cause) {
        // Details end up in responses and logs; a URL in them may carry a password.
        super(SecretMask.mask(detail), cause);
        this.status = status;
        this.error = error;
    }

    public static ColdchainException badRequest(String error, String detail) {
        return new ColdchainException(400, error, detail);
    }

    public static ColdchainException unauthorized(String detail) {
        return new ColdchainException(401, "unauthorized", detail);
    }

    public static ColdchainException forbidden(String detail) {
        return new ColdchainException(403, "forbidden", detail);
    }

    public static ColdchainException notFound(String detail) {
        return new ColdchainException(404, "not_found", detail);
    }

    public static ColdchainException conflict(String error, String detail) {
        return new ColdchainException(409, error, detail);
    }

    public static ColdchainException unavailable(String detail, Throwable cause) {
        return new ColdchainException(503, "unavailable", detail, cause);
    }

    public static ColdchainException internal(String detail, Throwable cause) {
        return new ColdchainException(500, "internal", detail, cause);
    }

    /** HTTP-like status: 4xx for the caller's fault, 5xx for ours. */
    public int status() {
        return status;
    }

    /** Stable machine-readable code, e.g. {@code invalid_identifier}. */
    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }
}
