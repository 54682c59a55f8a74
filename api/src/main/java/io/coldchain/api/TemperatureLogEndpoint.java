package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.coldchain.records.export.LogCsv;
import io.coldchain.records.export.LogJson;
import io.coldchain.records.export.LogPdf;
import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLogService;
import io.coldchain.registry.RegionScope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/tenants/{tenant}/sites/{site}/temperature-log?from=&to=|date=&format=json|csv|pdf&lang=en|zh}:
 * the site's temperature log (records module); {@code from}/{@code to} may be local dates and
 * {@code date} one local day, in the site's time zone ({@link SiteWindow}). admin and qa of the tenant; a regulator of the site's
 * region, of any tenant. Default period: the last 24 hours; at most 93 days.
 */
final class TemperatureLogEndpoint {
    static final Duration DEFAULT_SPAN = Duration.ofHours(24);
    static final Duration MAX_SPAN = Duration.ofDays(93);
    static final Set<String> FORMATS = Set.of("json", "csv", "pdf");
    static final Set<String> LANGS = Set.of("en", "zh");

    private final DbWorker db;
    private final AccessPolicy policy;
    private final TemperatureLogService service;
    private final LogPdf pdf;
    private final Clock clock;

    TemperatureLogEndpoint(DbWorker db, AccessPolicy policy, TemperatureLogService service, LogPdf pdf, Clock clock) {
        this.db = db;
        this.policy = policy;
        this.service = service;
        this.pdf = pdf;
        this.clock = clock;
    }

    void handle(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        RegionScope scope = policy.readScope(request);
        String site = Params.id(ctx, "site");
        SiteWindow period = SiteWindow.of(ctx);
        String format = choice(ctx, "format", FORMATS, "json");
        String lang = choice(ctx, "lang", LANGS, "en");
        db.query(
                        c -> {
                            var s = service.site(c, tenant, site);
                            policy.requireSiteRegion(scope, tenant, s.region());
                            TimeWindow window = period.resolve(service.zoneOf(s), clock.instant(), DEFAULT_SPAN);
                            if (Duration.between(window.from(), window.to()).compareTo(MAX_SPAN) > 0) {
                                throw ColdchainException.badRequest(
                                        Params.INVALID, "from..to may span at most 93 days");
                            }
                            return service.build(
                                    c,
                                    s,
                                    window.from(),
                                    window.to(),
                                    clock.instant(),
                                    request.caller().subject() + " ("
                                            + request.caller().role() + ")");
                        },
                        log -> render(log, format, lang))
                .onSuccess(body -> {
                    String type = switch (format) {
                        case "csv" -> "text/csv; charset=utf-8; header=present";
                        case "pdf" -> "application/pdf";
                        default -> "application/json";
                    };
                    var response = ctx.response()
                            .putHeader(HttpHeaders.CONTENT_TYPE, type)
                            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                    if (!format.equals("json")) {
                        response.putHeader(
                                "Content-Disposition",
                                "attachment; filename=\"temperature-log-" + tenant + "-" + site + "." + format + "\"");
                    }
                    response.end(body);
                })
                .onFailure(ctx::fail);
    }

    private Buffer render(TemperatureLog log, String format, String lang) {
        return switch (format) {
            case "csv" -> Buffer.buffer(LogCsv.render(log));
            case "pdf" -> {
                try {
                    yield Buffer.buffer(pdf.render(log, lang));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            default -> LogJson.render(log);
        };
    }

    private static String choice(RoutingContext ctx, String name, Set<String> allowed, String dflt) {
        List<String> values = ctx.queryParam(name);
        if (values.size() > 1) {
            throw ColdchainException.badRequest(Params.INVALID, name + " is given more than once");
        }
        if (values.isEmpty() || values.get(0).isEmpty()) {
            return dflt;
        }
        if (!allowed.contains(values.get(0))) {
            throw ColdchainException.badRequest(
                    Params.INVALID,
                    name + " must be one of " + new java.util.TreeSet<>(allowed) + " (got "
                            + Ids.describe(values.get(0)) + ")");
        }
        return values.get(0);
    }
}
