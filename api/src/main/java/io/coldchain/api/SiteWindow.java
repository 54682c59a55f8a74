package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The period of a site's record (temperature log): {@code from} and {@code to} as RFC 3339 times, or
 * as local dates {@code YYYY-MM-DD} meaning the site's local midnight starting that day, or
 * {@code date=YYYY-MM-DD} alone: that local day, midnight to midnight in the site's time zone
 * (contract §7). Read from the request before the site is looked up (bad syntax is a 400 at once),
 * resolved once its zone is known.
 */
final class SiteWindow {
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final Optional<String> from;
    private final Optional<String> to;
    private final Optional<LocalDate> date;

    private SiteWindow(Optional<String> from, Optional<String> to, Optional<LocalDate> date) {
        this.from = from;
        this.to = to;
        this.date = date;
    }

    static SiteWindow of(RoutingContext ctx) {
        Optional<String> from = single(ctx, "from");
        Optional<String> to = single(ctx, "to");
        Optional<LocalDate> date = single(ctx, "date").map(v -> date("date", v));
        if (date.isPresent() && (from.isPresent() || to.isPresent())) {
            throw ColdchainException.badRequest(Params.INVALID, "give either date or from/to, not both");
        }
        from.ifPresent(v -> instant("from", v, ZoneId.of("UTC")));
        to.ifPresent(v -> instant("to", v, ZoneId.of("UTC")));
        return new SiteWindow(from, to, date);
    }

    /** The window in {@code zone}; {@code to} defaults to now, {@code from} to {@code defaultSpan} before it. */
    TimeWindow resolve(ZoneId zone, Instant now, Duration defaultSpan) {
        if (date.isPresent()) {
            LocalDate d = date.get();
            return new TimeWindow(
                    d.atStartOfDay(zone).toInstant(),
                    d.plusDays(1).atStartOfDay(zone).toInstant());
        }
        Instant end = to.map(v -> instant("to", v, zone)).orElse(now);
        Instant start = from.map(v -> instant("from", v, zone)).orElse(end.minus(defaultSpan));
        if (!start.isBefore(end)) {
            throw ColdchainException.badRequest(Params.INVALID, "from (" + start + ") must be before to (" + end + ")");
        }
        return new TimeWindow(start, end);
    }

    /** A local date ({@code YYYY-MM-DD}) is the zone's midnight starting it; anything else RFC 3339. */
    private static Instant instant(String name, String v, ZoneId zone) {
        return DATE.matcher(v).matches() ? date(name, v).atStartOfDay(zone).toInstant() : Params.time(name, v);
    }

    static LocalDate date(String name, String v) {
        try {
            if (DATE.matcher(v).matches()) {
                return LocalDate.parse(v);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw ColdchainException.badRequest(
                Params.INVALID, name + " must be a date YYYY-MM-DD (got " + Ids.describe(v) + ")");
    }

    static Optional<String> single(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParam(name);
        if (values.size() > 1) {
            throw ColdchainException.badRequest(Params.INVALID, name + " is given more than once");
        }
        return values.isEmpty() || values.get(0).isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
