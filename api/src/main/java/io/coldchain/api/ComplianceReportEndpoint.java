package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.coldchain.records.export.ReportDocuments;
import io.coldchain.records.export.ReportDocuments.Document;
import io.coldchain.records.log.LocalPeriod;
import io.coldchain.records.report.ComplianceReportService;
import io.coldchain.registry.RegionScope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/tenants/{tenant}/sites/{site}/compliance-report?period=day|week|month&date=YYYY-MM-DD&format=json|pdf|csv&lang=en|zh}
 * (contract §10): the site's compliance (self-inspection) report for the local day, ISO week or
 * calendar month containing {@code date} (default: today at the site), in the site's time zone.
 * admin and qa of the tenant; a regulator of the site's region, any tenant. {@code lang} defaults to
 * the request's Accept-Language (zh when it asks for Chinese first), else English.
 */
final class ComplianceReportEndpoint {
    private record Rendered(Document document, String filename) {}

    private final DbWorker db;
    private final AccessPolicy policy;
    private final ComplianceReportService reports;
    private final ReportDocuments documents;
    private final Clock clock;

    ComplianceReportEndpoint(
            DbWorker db, AccessPolicy policy, ComplianceReportService reports, ReportDocuments documents, Clock clock) {
        this.db = db;
        this.policy = policy;
        this.reports = reports;
        this.documents = documents;
        this.clock = clock;
    }

    void handle(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        Principal caller = request.caller();
        String tenant = request.tenant();
        RegionScope scope = policy.readScope(request);
        String site = Params.id(ctx, "site");
        LocalPeriod.Kind kind = LocalPeriod.Kind.fromWire(choice(ctx, "period", Set.of("day", "week", "month"), "day"));
        LocalDate date = SiteWindow.single(ctx, "date")
                .map(v -> SiteWindow.date("date", v))
                .orElse(null);
        String format = choice(ctx, "format", ReportDocuments.FORMATS, "json");
        String lang = lang(ctx);
        db.query(
                        c -> {
                            var s = reports.logs().site(c, tenant, site);
                            policy.requireSiteRegion(scope, tenant, s.region());
                            LocalDate day = date != null
                                    ? date
                                    : clock.instant()
                                            .atZone(reports.logs().zoneOf(s))
                                            .toLocalDate();
                            return reports.build(
                                    c, s, kind, day, clock.instant(), caller.subject() + " (" + caller.role() + ")");
                        },
                        r -> {
                            Document d = documents.render(r, format, lang);
                            return new Rendered(
                                    d,
                                    "compliance-report-" + tenant + "-" + site + "-" + kind.wire() + "-"
                                            + r.period().first() + "." + format);
                        })
                .onSuccess(out -> {
                    Document d = out.document();
                    var response = ctx.response()
                            .putHeader(HttpHeaders.CONTENT_TYPE, d.contentType())
                            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                    if (!format.equals("json")) {
                        response.putHeader("Content-Disposition", "attachment; filename=\"" + out.filename() + "\"");
                    }
                    response.end(Buffer.buffer(d.body()));
                })
                .onFailure(ctx::fail);
    }

    /** {@code lang}, else the first of zh / en that Accept-Language names, else en. */
    static String lang(RoutingContext ctx) {
        var given = SiteWindow.single(ctx, "lang");
        if (given.isPresent()) {
            return choice(ctx, "lang", Set.of("en", "zh"), "en");
        }
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE);
        if (accept != null) {
            for (String part : accept.split(",")) {
                String tag = part.trim().toLowerCase(Locale.ROOT);
                if (tag.startsWith("zh")) {
                    return "zh";
                }
                if (tag.startsWith("en")) {
                    return "en";
                }
            }
        }
        return "en";
    }

    static String choice(RoutingContext ctx, String name, Set<String> allowed, String dflt) {
        String v = SiteWindow.single(ctx, name).orElse(dflt);
        if (!allowed.contains(v)) {
            throw ColdchainException.badRequest(
                    Params.INVALID,
                    name + " must be one of " + new TreeSet<>(allowed) + " (got " + Ids.describe(v) + ")");
        }
        return v;
    }
}
