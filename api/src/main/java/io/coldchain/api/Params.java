package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads path and query parameters, and turns every bad one into a 400 that names it, before
 * anything touches the database.
 */
final class Params {
    static final String INVALID = "invalid_parameter";

    private Params() {}

    /** A path parameter that must be an identifier (tenant, sensor, ...). */
    static String id(RoutingContext ctx, String name) {
        return Ids.require(name, ctx.pathParam(name));
    }

    /**
     * {@code from} and {@code to} as RFC 3339 times; {@code to} defaults to now, {@code from} to
     * {@code defaultSpan} before {@code to}.
     */
    static TimeWindow window(RoutingContext ctx, Instant now, Duration defaultSpan) {
        Optional<Instant> from = single(ctx, "from").map(v -> time("from", v));
        Instant to = single(ctx, "to").map(v -> time("to", v)).orElse(now);
        Instant start = from.orElse(to.minus(defaultSpan));
        if (!start.isBefore(to)) {
            throw ColdchainException.badRequest(INVALID, "from (" + start + ") must be before to (" + to + ")");
        }
        return new TimeWindow(start, to);
    }

    /** {@code limit}: an integer from 1 to {@code max}, {@code dflt} when absent. */
    static int limit(RoutingContext ctx, int dflt, int max) {
        Optional<String> raw = single(ctx, "limit");
        if (raw.isEmpty()) {
            return dflt;
        }
        try {
            int limit = Integer.parseInt(raw.get().trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw ColdchainException.badRequest(
                INVALID, "limit must be an integer from 1 to " + max + " (got " + Ids.describe(raw.get()) + ")");
    }

    /**
     * An RFC 3339 time with offset ({@code 2026-11-21T07:59:30Z}, {@code 2026-11-21T15:59:30+08:00}).
     * Lenient in two ways that cost nothing: lower-case {@code t}/{@code z} (RFC 3339 allows them), and
     * a {@code +} offset that reached us as a space because the client did not percent-encode it.
     */
    static Instant time(String name, String value) {
        String v = value.trim().toUpperCase(Locale.ROOT).replaceFirst(" (\\d{2}:\\d{2})$", "+$1");
        try {
            return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw ColdchainException.badRequest(
                    INVALID,
                    name + " must be an RFC 3339 time with offset, e.g. 2026-11-21T07:59:30Z (got "
                            + Ids.describe(value) + ")");
        }
    }

    /** A query parameter given at most once: two values would leave the meaning to chance. */
    private static Optional<String> single(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParam(name);
        if (values.size() > 1) {
            throw ColdchainException.badRequest(INVALID, name + " is given more than once");
        }
        return values.isEmpty() || values.get(0).isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
